export {
  createUploadRoutes,
  type UploadAuthorization,
  type UploadResult,
  type UploadRoutesOptions,
} from "./createUploadRoutes";
export { SNIFFABLE_TYPES, type SniffableType, sniffContentType } from "./sniffContentType";
export {
  DEFAULT_UPLOAD_ALLOWED_TYPES,
  DEFAULT_UPLOAD_MAX_BYTES,
  UPLOAD_CACHE_CONTROL,
} from "./uploadLimits";
