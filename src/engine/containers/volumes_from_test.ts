/** `--volumes-from` as Binds: volumes and binds shared, modes applied, own paths kept. */
import { assertEquals, assertRejects } from "../../../tests/_helpers/assert.ts";
import { notFound } from "../errors.ts";
import type { MountView } from "./mounts.ts";
import { bindsWithVolumesFrom } from "./volumes_from.ts";

const view = (m: Partial<MountView>): MountView => ({
  Type: "volume",
  Source: "",
  Destination: "",
  Mode: "",
  RW: true,
  Propagation: "",
  ...m,
});

const SOURCE: MountView[] = [
  view({ Name: "data", Source: "/vols/data", Destination: "/data" }),
  view({ Type: "bind", Source: "/host/cfg", Destination: "/cfg", RW: false, Mode: "ro" }),
  view({ Type: "tmpfs", Destination: "/scratch" }),
  view({ Name: "logs", Source: "/vols/logs", Destination: "/logs" }),
];

function mountsOf(ref: string): MountView[] {
  if (ref !== "src") throw notFound(`No such container: ${ref}`);
  return SOURCE;
}

Deno.test("volumes-from shares volumes and binds, not tmpfs; the container's own paths win", () => {
  assertEquals(
    bindsWithVolumesFrom({ VolumesFrom: ["src"], Binds: ["mine:/logs"] }, mountsOf),
    ["data:/data:rw,nocopy", "/host/cfg:/cfg:ro", "mine:/logs"],
  );
  assertEquals(
    bindsWithVolumesFrom({ VolumesFrom: ["src:ro"], Mounts: [{ Target: "/data" }] }, mountsOf),
    ["/host/cfg:/cfg:ro", "logs:/logs:ro,nocopy"],
  );
  assertEquals(bindsWithVolumesFrom({ Binds: ["/a:/b"] }, mountsOf), ["/a:/b"]);
});

Deno.test("volumes-from refuses an unknown container and a bad mode", async () => {
  await assertRejects(
    () => bindsWithVolumesFrom({ VolumesFrom: ["nope"] }, mountsOf),
    "No such container: nope",
  );
  await assertRejects(
    () => bindsWithVolumesFrom({ VolumesFrom: ["src:z"] }, mountsOf),
    "invalid mode for volumes-from: src:z",
  );
});
