/**
 * The DHCP codec (pure, no I/O): decode/encode messages and option values. See packet.ts.
 */
export * from './bytes';
export * from './errors';
export * from './header';
export * from './option43';
export * from './option-table';
export * from './option-types';
export * from './packet';
export * from './structured-options';
export * from './tlv';
export * from './vendor-class';
export * from './vlan';
export * from './wire';
