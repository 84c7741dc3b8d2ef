import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";

/** A free TCP port on 127.0.0.1 (asked from the OS, then released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A throwaway redis-server on 127.0.0.1 (no persistence), for integration tests. `stop()` kills
 * it (SIGKILL: "Redis down mid-run"); `start()` brings it back on the same port, empty.
 */
export async function startRedis(port?: number) {
  const chosen = port ?? (await freePort());
  let proc: ChildProcess | undefined;
  const start = async () => {
    proc = spawn(
      process.env.REDIS_SERVER ?? "redis-server",
      ["--port", String(chosen), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("redis-server did not start within 5 s")), 5_000);
      proc?.once("error", reject);
      proc?.stdout?.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("Ready to accept connections")) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  };
  const stop = async () => {
    const p = proc;
    proc = undefined;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once("exit", () => resolve());
      p.kill("SIGKILL");
    });
  };
  await start();
  return { port: chosen, url: `redis://127.0.0.1:${chosen}`, start, stop, pid: () => proc?.pid };
}
