// Table row types owned by the feedback capability (filled by it).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface FeedbackTables {}
