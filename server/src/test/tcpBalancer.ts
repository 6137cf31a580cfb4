import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * A small round-robin TCP load balancer for tests and benches, as an HTTP load balancer in
 * front of several instances would be: each new connection (HTTP or WebSocket) goes to the next
 * backend; one that refuses the connection is skipped for this connection.
 */
export class TcpBalancer {
  private next = 0;
  private readonly sockets = new Set<Socket>();
  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly backends: number[],
  ) {}

  static async start(backends: number[]): Promise<TcpBalancer> {
    let balancer: TcpBalancer | null = null;
    const server = createServer((client) => balancer?.accept(client));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    balancer = new TcpBalancer(server, address.port, backends);
    return balancer;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private paused = false;

  /** Cuts every open connection and refuses new ones (a network blip), until `resume`. */
  pause(): void {
    this.paused = true;
    for (const socket of this.sockets) socket.destroy();
  }

  resume(): void {
    this.paused = false;
  }

  private accept(client: Socket, tried = 0): void {
    if (this.paused) {
      client.destroy();
      return;
    }
    this.sockets.add(client);
    client.once("close", () => this.sockets.delete(client));
    client.pause();
    const port = this.backends[this.next++ % this.backends.length] as number;
    const upstream = connect({ host: "127.0.0.1", port });
    this.sockets.add(upstream);
    upstream.once("close", () => this.sockets.delete(upstream));
    let connected = false;
    upstream.once("connect", () => {
      connected = true;
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
    upstream.on("error", () => {
      if (!connected && tried + 1 < this.backends.length) {
        this.accept(client, tried + 1);
        return;
      }
      client.destroy();
    });
    client.on("error", () => upstream.destroy());
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => {
      if (connected) client.destroy();
    });
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
