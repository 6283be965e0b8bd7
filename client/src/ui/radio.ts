/**
 * NutUI's Radio and RadioGroup with only their stylesheets. For subpackage pages only: the main
 * package and the H5 home never load them (import from a subpackage, never from ui/index.ts).
 */
import Radio from '@nutui/nutui-react-taro/dist/es/packages/radio';
import RadioGroup from '@nutui/nutui-react-taro/dist/es/packages/radiogroup';
import '@nutui/nutui-react-taro/dist/es/packages/radio/style/css';

export { Radio, RadioGroup };
