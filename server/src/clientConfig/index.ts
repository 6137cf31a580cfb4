export {
  type ClientConfig,
  type ClientConfigOptions,
  createClientConfigRoutes,
} from "./createClientConfigRoutes";
