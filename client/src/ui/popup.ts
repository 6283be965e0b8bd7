/**
 * NutUI's Popup with only its own stylesheet (and its overlay's). For subpackage pages only: the
 * main package and the H5 home never load it (import it from a subpackage, never from ui/index.ts).
 */
import Popup from '@nutui/nutui-react-taro/dist/es/packages/popup';
import '@nutui/nutui-react-taro/dist/es/packages/popup/style/css';

export { Popup };
