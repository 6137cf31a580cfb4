import { describeTransportContract } from "./transportContract";

describeTransportContract("ws");
