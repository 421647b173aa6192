// Table row types owned by the lookup capability (filled by it).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface LookupTables {}
