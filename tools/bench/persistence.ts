/**
 * @module
 * Crash-only persistence figures (issue #8):
 * - start to the first answered `_ping` on a data root holding 1,000 containers (exited, each
 *   with logs and a writable layer), 50 images and 100 volumes, after a SIGKILL (median of
 *   restarts), next to a start on an empty data root;
 * - write amplification: bytes the daemon writes to storage per `docker run --rm alpine true`
 *   on a disk-backed data root (the `write_bytes` of `/proc/<pid>/io`: what reaches the block
 *   layer, fsynced metadata and logs included; reads and socket writes excluded);
 * - create/start/wait/remove cycles per second with the data root on disk and on a tmpfs
 *   (`/dev/shm`, where fsync costs nothing): the price of durability. Both daemons run with
 *   `--allow-all`, since Deno refuses /dev paths to the serve task's narrower flags.
 *
 *     deno run -A tools/bench/persistence.ts [seconds-per-cycles-run]
 */

import { makeTar } from "../../tests/_helpers/tar.ts";
import { median, startBenchDaemon } from "./_daemon.ts";
import { UnixHttp } from "./_http.ts";
import { cyclesPerSecond } from "./container_cycles.ts";

const API = "/v1.50";

async function ok(
  http: UnixHttp,
  method: string,
  path: string,
  body?: unknown,
): Promise<string> {
  const res = await http.request(method, `${API}${path}`, body);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.body}`);
  return res.body;
}

/** Runs `count` jobs over `width` keep-alive connections. */
async function fanOut(
  socket: string,
  count: number,
  width: number,
  job: (http: UnixHttp, i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    const http = await UnixHttp.connect(socket);
    try {
      while (next < count) await job(http, next++);
    } finally {
      http.close();
    }
  }));
}

/** Fills a data root through the API: exited containers, imported images, volumes. */
export async function populate(
  socket: string,
  sizes: { containers: number; images: number; volumes: number },
) {
  const http = await UnixHttp.connect(socket);
  await ok(http, "POST", "/images/create?fromImage=alpine&tag=latest");
  http.close();
  await fanOut(socket, sizes.images, 4, async (h, i) => {
    const tar = makeTar([{ name: `img-${i}.txt`, body: `image ${i}\n`.repeat(200) }]);
    await ok(h, "POST", `/images/create?fromSrc=-&repo=bench/img&tag=${i}`, tar);
  });
  await fanOut(socket, sizes.volumes, 4, async (h, i) => {
    await ok(h, "POST", "/volumes/create", { Name: `bench-vol-${i}` });
  });
  await fanOut(socket, sizes.containers, 8, async (h, i) => {
    const { Id } = JSON.parse(
      await ok(h, "POST", `/containers/create?name=bench-c${i}`, {
        Image: "alpine",
        Cmd: ["sh", "-c", `echo hello ${i}; echo ${i} > /written`],
      }),
    );
    await ok(h, "POST", `/containers/${Id}/start`);
    await ok(h, "POST", `/containers/${Id}/wait`);
  });
}

/** Counts what a daemon lists, to be sure a restart really loaded the populated state. */
async function listed(
  socket: string,
): Promise<{ containers: number; images: number; volumes: number }> {
  const http = await UnixHttp.connect(socket);
  try {
    const containers = JSON.parse(await ok(http, "GET", "/containers/json?all=1")).length;
    const images = JSON.parse(await ok(http, "GET", "/images/json")).length;
    const volumes = JSON.parse(await ok(http, "GET", "/volumes")).Volumes.length;
    return { containers, images, volumes };
  } finally {
    http.close();
  }
}

/** Start to first `_ping` on a populated data root (median and max of `runs` restarts). */
async function populatedStart(root: string, runs: number): Promise<Record<string, number>> {
  const sizes = { containers: 1000, images: 50, volumes: 100 };
  const empty: number[] = [];
  for (let i = 0; i < 3; i++) {
    const d = await startBenchDaemon();
    empty.push(d.startMs);
    await d.stop();
  }
  const filling = await startBenchDaemon({ dataRoot: root });
  const populateStarted = performance.now();
  await populate(filling.socket, sizes);
  const populateSeconds = (performance.now() - populateStarted) / 1000;
  await filling.kill();
  const starts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const d = await startBenchDaemon({ dataRoot: root });
    starts.push(d.startMs);
    const seen = await listed(d.socket);
    await d.kill();
    if (
      seen.containers < sizes.containers || seen.images < sizes.images + 1 ||
      seen.volumes < sizes.volumes
    ) {
      throw new Error(`restart ${i} lost state: it lists ${JSON.stringify(seen)}`);
    }
  }
  const du = await new Deno.Command("du", { args: ["-sm", root], stdout: "piped" }).output();
  return {
    "start_to_first_ping_ms (empty data root, median)": Math.round(median(empty)),
    "start_to_first_ping_ms (1000 containers, 50 images, 100 volumes, median)": Math.round(
      median(starts),
    ),
    "start_to_first_ping_ms (1000 containers, 50 images, 100 volumes, max)": Math.round(
      Math.max(...starts),
    ),
    populated_data_root_mb: Number(new TextDecoder().decode(du.stdout).split("\t")[0]),
    populate_seconds: Math.round(populateSeconds * 10) / 10,
  };
}

async function writeBytes(pid: number): Promise<number> {
  const io = await Deno.readTextFile(`/proc/${pid}/io`);
  return Number(/^write_bytes: (\d+)$/m.exec(io)![1]);
}

async function dockerRunRm(env: Record<string, string>): Promise<void> {
  const out = await new Deno.Command("docker", {
    args: ["run", "--rm", "alpine", "true"],
    env,
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(`docker run --rm: ${new TextDecoder().decode(out.stderr)}`);
}

/** Bytes written to storage per `docker run --rm alpine true` on a disk-backed data root. */
async function writeAmplification(root: string, runs: number): Promise<Record<string, number>> {
  const daemon = await startBenchDaemon({ dataRoot: root });
  try {
    const env = { DOCKER_HOST: `unix://${daemon.socket}` };
    const http = await UnixHttp.connect(daemon.socket);
    await ok(http, "POST", "/images/create?fromImage=alpine&tag=latest");
    http.close();
    for (let i = 0; i < 3; i++) await dockerRunRm(env);
    const before = await writeBytes(daemon.pid);
    for (let i = 0; i < runs; i++) await dockerRunRm(env);
    const after = await writeBytes(daemon.pid);
    return {
      "bytes_written_per_docker_run_rm (disk data root)": Math.round((after - before) / runs),
    };
  } finally {
    await daemon.kill();
  }
}

/** Runs the benchmark and returns its figures. */
export async function benchPersistence(seconds = 5): Promise<Record<string, number>> {
  const disk = await Deno.makeTempDir({ prefix: "sockerless-bench-disk-" });
  const shm = await Deno.makeTempDir({ dir: "/dev/shm", prefix: "sockerless-bench-" });
  try {
    const start = await populatedStart(`${disk}/populated`, 5);
    const amplification = await writeAmplification(`${disk}/runs`, 20);
    // Both with --allow-all, which a data root under /dev/shm needs: the same flags both ways.
    const onDisk = await cyclesPerSecond({ dataRoot: `${disk}/cycles`, allowAll: true }, seconds);
    const onTmpfs = await cyclesPerSecond({ dataRoot: `${shm}/cycles`, allowAll: true }, seconds);
    return {
      ...start,
      ...amplification,
      "cycles_per_s (disk data root, concurrency 1)": onDisk.c1,
      "cycles_per_s (tmpfs data root, concurrency 1)": onTmpfs.c1,
      "cycles_per_s (disk data root, concurrency 16)": onDisk.c16,
      "cycles_per_s (tmpfs data root, concurrency 16)": onTmpfs.c16,
    };
  } finally {
    await Deno.remove(disk, { recursive: true }).catch(() => {});
    await Deno.remove(shm, { recursive: true }).catch(() => {});
  }
}

if (import.meta.main) console.log(await benchPersistence(Number(Deno.args[0] ?? 5)));
