// Everything the API's schemas and types declare (one list, in `api/index.ts`), and the sync
// protocol's close codes and doc names.
export * from "./api/index";
export { CloseCode, closeReason, isFinalCloseCode } from "./closeCodes";
export { isValidDocName, MAX_DOC_NAME_LENGTH } from "./docName";
