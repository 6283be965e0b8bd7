/**
 * NutUI's TextArea (with its count) and only its stylesheet. For subpackage pages only: the main
 * package and the H5 home never load it (import it from a subpackage, never from ui/index.ts).
 */
import TextArea from '@nutui/nutui-react-taro/dist/es/packages/textarea';
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css';

export { TextArea };
