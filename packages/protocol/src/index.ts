export { CloseCode, closeReason, isFinalCloseCode } from "./closeCodes";
export { isValidDocName, MAX_DOC_NAME_LENGTH } from "./docName";
