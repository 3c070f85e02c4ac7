/**
 * A file the import refuses; the message is shown to the user as is. In a module of its own, without
 * SheetJS: the routes test for it (`instanceof`) on every upload, while the readers that throw it are
 * loaded only when a file is read.
 */
export class SpreadsheetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpreadsheetError';
  }
}
