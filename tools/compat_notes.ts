/**
 * @module
 * The hand-written part of generated/COMPATIBILITY.md: where Sockerless deviates from dockerd on
 * purpose, and which client features cannot work on the memory backend, each with its reason and
 * the suite that asserts the clear error a client gets instead.
 */

/** A documented deviation from dockerd: what, and why. */
export type Deviation = readonly [what: string, why: string];

/** A client feature the memory backend cannot serve: what, why, and which suites assert it. */
export type Limit = readonly [what: string, why: string, assertedBy: string];

/** Deliberate deviations from dockerd's wire behaviour. */
export const DEVIATIONS: readonly Deviation[] = [
  [
    "ContainerCreate, ContainerRename, VolumeCreate: one-letter names are accepted",
    "dockerd refuses them only through a quirk of its pattern (moby/moby#16700); accepting more breaks no client",
  ],
  [
    "VolumeCreate: a name over 255 characters is a 400 naming the limit",
    "dockerd's mkdir fails with ENAMETOOLONG and it answers 500 with its data-root path in the message; the name is the client's mistake, and host paths stay out of errors",
  ],
  [
    "ContainerLogs: `since` and `until` are read as timestamps, not integers",
    "the spec says integer, but the docker CLI sends `seconds.nanoseconds` and dockerd accepts it",
  ],
  [
    "ContainerInspect: HostConfig lists a client sent as `null` are left out; NetworkSettings.Networks in name order",
    "the spec types those lists as non-null (dockerd echoes Go's nil slices as `null`); dockerd's encoder sorts map keys",
  ],
  [
    "ExecInspect: `ExitCode` is absent until the exec ends (dockerd sends `null`)",
    "the spec types it as a non-nullable integer, and typed clients decode it as one",
  ],
  [
    "ContainerAttach, ExecStart: the first output waits 100 ms after the `101` head for docker-py user agents (5 ms for others)",
    "docker-py reads the head through a buffered reader and then the raw socket, so frames sharing a read with the head were lost (docker/docker-py#3332); dockerd's process start gives this gap naturally",
  ],
  [
    "Data root: an image removed with `rmi -f` while stopped containers use it keeps its layers on disk, hidden, until the first image operation after its last container goes",
    "those containers keep their files across a restart and can still be committed; dockerd frees the layers at that container's removal",
  ],
  [
    "Data root: events are fsynced within 100 ms of being written and the history keeps the last 10,000",
    "a SIGKILL of the daemon loses no event (they are written at once); only a machine crash can lose the last 100 ms of events, never the state they describe",
  ],
  [
    "Data root: a container's writable layer is saved at its main process's exit, after `docker cp` into it and at commit; exec instances and a recovered stopped container's `/etc/hosts` peers are not kept across a restart",
    "the sandbox's layer lives in memory while a container runs: a SIGKILL of the daemon loses what a still-running container wrote since its last save (dockerd's overlay is on disk all along); the daemon's logs, records and acknowledged copies are never lost",
  ],
  [
    "Data root: output reaches `attach` and `logs -f` once fsynced to the container's log; a start or exit is shown (inspect, `ps`, `wait`, events) once saved",
    "a client never sees a line or a state a crash could take back; it costs about one fdatasync of latency (a few ms), not throughput",
  ],
];

/** Client features that cannot work on the memory backend, and the clear error instead. */
export const MEMORY_LIMITS: readonly Limit[] = [
  [
    "port publishing (`-p`, `-P` with exposed ports, compose `ports:`, Testcontainers `withExposedPorts`/`getMappedPort`, port-based waits): 501 at create, `port publishing is not supported by the memory backend: its containers have no network sockets (<ports>)`; `--expose` alone is accepted",
    "containers run in the in-process sandbox without network sockets: no host port could reach a service, and accepting would pretend",
    "docker-cli, docker-py, testcontainers",
  ],
  [
    "Testcontainers' Ryuk reaper: run the suite with `TESTCONTAINERS_RYUK_DISABLED=true`",
    "Ryuk mounts the daemon's socket and serves a published TCP port; its image is not in the offline catalogue (pull 404), and with an image present create gets the port-publishing 501",
    "testcontainers",
  ],
  [
    "bind mounts of Unix sockets, named pipes and devices (e.g. `/var/run/docker.sock`): 501 naming the kind of file",
    "the sandbox has no sockets, pipes or devices to connect to; directories and single files bind as on Linux",
    "docker-cli",
  ],
  [
    "gitlab-ci-local services with exposed ports: the port wait fails (`healthcheck failed` with the daemon's pull error) and the job still runs",
    "the wait runs `sumina46/wait-for-it` from Docker Hub and needs real TCP sockets; services without ports work, reachable by alias",
    "gitlab-ci-local",
  ],
  [
    "gitlab-ci-local's default helper image `firecow/gitlab-ci-local-util`: pull 404; use `--helper-image alpine`",
    "not in the offline catalogue and not reproducible faithfully; sandbox images carry bash and rsync, which the helper needs",
    "gitlab-ci-local",
  ],
  [
    "IPv6 networks, log drivers that ship output elsewhere (syslog, gelf, fluentd, ...), remote local-volume types (nfs, cifs): 501 at create",
    "networks are IPv4 bookkeeping; container output stays in the daemon; volumes are host directories",
    "docker-cli",
  ],
  [
    "archives compressed with bzip2, xz or zstd (PUT archive, import, build contexts): 501 naming the compression",
    "the runtime has a gzip decompressor only; plain and gzip tars work",
    "in-process tests",
  ],
  [
    "other platforms than linux/amd64: dockerd's 404s (`no matching manifest for ...`)",
    "the offline catalogue holds one platform",
    "docker-cli",
  ],
  [
    "`docker top` with ps arguments other than `-ef`, `aux` and `-o` lists of common fields: 501",
    "there is no host `ps` to run",
    "docker-cli",
  ],
  [
    "ImageSearch, DistributionInspect, Swarm, Services, Tasks, Secrets, Configs, Nodes, plugin management (PluginList answers none, PluginInspect 404): 501 naming the operation",
    "no Docker Hub search and no swarm in an in-process backend",
    "docker-py",
  ],
  [
    "sandbox: `sh` `read` and interactive shells over attach/exec stdin see input at EOF, not line by line; a TTY does not echo; pipeline stages run one after another; in-container `stat` shows uid 1000; `--init` runs no init; `--dns` is written to resolv.conf but nothing resolves",
    "limits of the in-process sandbox, listed in sandbox/mod.ts and the backend's LIMITATIONS",
    "",
  ],
];
