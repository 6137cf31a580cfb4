import { describeTransportContract } from "./transportContract";

describeTransportContract("builtin");
