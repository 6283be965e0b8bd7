/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.gif';
declare module '*.jpg';
declare module '*.jpeg';
declare module '*.svg';
declare module '*.css';
declare module '*.scss';

/** Build-time constant (config/index.ts defineConstants): the API origin, '' = same origin. */
declare const API_BASE: string;
/** Build-time constant: the WeChat subscribe-message template ids (TARO_APP_WECHAT_TEMPLATES). */
declare const WECHAT_TEMPLATES: string[];

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production' | 'test';
    TARO_ENV: 'weapp' | 'h5' | 'swan' | 'alipay' | 'tt' | 'qq' | 'jd' | 'harmony' | 'rn';
    TARO_APP_API_BASE?: string;
    TARO_APP_WECHAT_TEMPLATES?: string;
  }
}
