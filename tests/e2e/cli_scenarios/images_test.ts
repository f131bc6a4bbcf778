/**
 * docker CLI scenarios: images — `docker images` formats and filters (`table
 * {{.Repository}}\t{{.Tag}}`, `{{json .}}`, `-q --no-trunc`, `--digests`, reference, label,
 * dangling), `docker image inspect --format`, history, tag and rmi answers and errors, and
 * builds scripts run (`docker build -q -t x -` from stdin, `-f` elsewhere, `--iidfile`, an
 * unknown base image, a failing RUN).
 */
import { assertEquals } from "../../_helpers/assert.ts";
import { runHelp, Scenarios } from "./scenario.ts";

const s = await Scenarios.start("images");
Deno.test.afterAll(() => s.stop());

const DOCKERFILE = `FROM alpine
ENV A=1 B="two words"
WORKDIR /app
LABEL org.example.team=core
ENTRYPOINT ["sh", "-c"]
CMD ["echo $A-$B in $(pwd)"]
`;

/** What the docker 28 CLI prints when it builds with the classic builder (no buildx here). */
const LEGACY_BUILDER =
  /^DEPRECATED: The legacy builder is deprecated and will be removed in a future release\.\n[^]*https:\/\/docs\.docker\.com\/go\/buildx\/\n\n$/;

const PULL_DENIED = (name: string) =>
  `pull access denied for ${name}, repository does not exist or may require 'docker login': ` +
  "denied: requested access to the resource is denied";

Deno.test({
  name: "docker CLI scenarios: images",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const dir = await Deno.makeTempDir({ prefix: "sockerless-scn-img-" });
    let alpine = "";

    await s.step(t, "docker pull -q prints the reference", async () => {
      await s.expect(["pull", "-q", "alpine"], {
        code: 0,
        stdout: "docker.io/library/alpine:latest\n",
      });
      alpine = (await s.ok("image", "inspect", "-f", "{{.Id}}", "alpine")).trim();
    });

    await s.step(t, "docker images --format 'table {{.Repository}}\\t{{.Tag}}'", async () => {
      await s.expect(["images", "--format", "table {{.Repository}}\t{{.Tag}}"], {
        code: 0,
        stdout: "REPOSITORY   TAG\nalpine       latest\n",
      });
    });

    await s.step(t, "docker images -q --no-trunc is the full image id", async () => {
      await s.expect(["images", "-q", "--no-trunc"], { code: 0, stdout: `${alpine}\n` });
      await s.expect(["images", "-q"], { code: 0, stdout: `${alpine.slice(7, 19)}\n` });
    });

    await s.step(t, "docker image inspect --format '{{.Config.Cmd}}'", async () => {
      await s.expect(["image", "inspect", "--format", "{{.Config.Cmd}}", "alpine"], {
        code: 0,
        stdout: "[/bin/sh]\n",
      });
    });

    await s.step(t, "docker image inspect -f os/arch and {{json .RepoTags}}", async () => {
      await s.expect(
        ["image", "inspect", "-f", "{{.Os}}/{{.Architecture}} {{json .RepoTags}}", "alpine"],
        { code: 0, stdout: 'linux/amd64 ["alpine:latest"]\n' },
      );
    });

    await s.step(t, "docker tag, then docker images REPO lists the new name", async () => {
      await s.expect(["tag", "alpine", "team/app:v1"], { code: 0, stdout: "" });
      await s.expect(["images", "team/app", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}"], {
        code: 0,
        stdout: `team/app:v1 ${alpine.slice(7, 19)}\n`,
      });
    });

    await s.step(t, "docker images --filter reference= with a wildcard", async () => {
      await s.expect(
        ["images", "--filter", "reference=team/*", "--format", "{{.Repository}}:{{.Tag}}"],
        { code: 0, stdout: "team/app:v1\n" },
      );
    });

    await s.step(t, "docker images --format '{{json .}}'", async () => {
      const row = JSON.parse(await s.ok("images", "--format", "{{json .}}", "alpine"));
      assertEquals(
        [row.Repository, row.Tag, row.ID, row.Containers],
        ["alpine", "latest", alpine.slice(7, 19), "N/A"],
      );
    });

    await s.step(t, "docker rmi of a second name only untags", async () => {
      await s.expect(["rmi", "team/app:v1"], { code: 0, stdout: "Untagged: team/app:v1\n" });
    });

    await s.step(t, "docker image inspect of an unknown image", async () => {
      await s.expect(["image", "inspect", "nope"], {
        code: 1,
        stdout: "[]\n",
        stderr: "Error response from daemon: No such image: nope:latest\n",
      });
    });

    await s.step(t, "docker rmi of an unknown image", async () => {
      await s.expect(["rmi", "nope"], {
        code: 1,
        stderr: "Error response from daemon: No such image: nope:latest\n",
      });
    });

    await s.step(t, "docker tag of an unknown image", async () => {
      await s.expect(["tag", "nope", "x:1"], {
        code: 1,
        stderr: "Error response from daemon: No such image: nope:latest\n",
      });
    });

    await s.step(t, "docker pull of an image no registry has", async () => {
      await s.expect(["pull", "nosuchthing"], {
        code: 1,
        stdout: "Using default tag: latest\n",
        stderr: `Error response from daemon: ${PULL_DENIED("nosuchthing")}\n`,
      });
    });

    const NO_ARM64 = "no matching manifest for linux/arm64 in the manifest list entries";

    await s.step(t, "docker pull --platform the catalogue does not have", async () => {
      await s.expect(["pull", "--platform", "linux/arm64", "alpine"], {
        code: 1,
        stdout: "Using default tag: latest\n",
        stderr: `Error response from daemon: ${NO_ARM64}\n`,
      });
    });

    await s.step(t, "docker run --platform another than the image's", async () => {
      await s.expect(["run", "--rm", "--platform", "linux/arm64", "alpine", "uname", "-m"], {
        code: 125,
        stderr:
          `Unable to find image 'alpine:latest' locally\ndocker: Error response from daemon: ${NO_ARM64}${runHelp()}`,
      });
      await s.expect(["run", "--rm", "--platform", "linux/amd64", "alpine", "uname", "-m"], {
        code: 0,
        stdout: "x86_64\n",
      });
    });

    await s.step(t, "docker history -q and --format --no-trunc", async () => {
      await s.expect(["history", "-q", "alpine"], {
        code: 0,
        stdout: `${alpine.slice(7, 19)}\n<missing>\n`,
      });
      await s.expect(["history", "--no-trunc", "--format", "{{.CreatedBy}}", "alpine"], {
        code: 0,
        stdout: '/bin/sh -c #(nop)  CMD ["/bin/sh"]\n/bin/sh -c #(nop) ADD file:rootfs in / \n',
      });
    });

    await s.step(t, "docker rmi of an image a running container uses", async () => {
      await s.ok("run", "-d", "--name", "user", "alpine", "sleep", "600");
      const user = (await s.ok("inspect", "-f", "{{.Id}}", "user")).trim();
      await s.expect(["rmi", alpine.slice(7, 19)], {
        code: 1,
        stderr: `Error response from daemon: conflict: unable to delete ${
          alpine.slice(7, 19)
        } (cannot be forced) - image is being used by running container ${user.slice(0, 12)}\n`,
      });
      await s.expect(["rmi", "alpine"], {
        code: 1,
        stderr: 'Error response from daemon: conflict: unable to remove repository reference "' +
          `alpine" (must force) - container ${user.slice(0, 12)} is using its referenced image ` +
          `${alpine.slice(7, 19)}\n`,
      });
      await s.ok("rm", "-f", "user");
    });

    let built = "";
    await s.step(t, "docker build -q -t x - reads the Dockerfile from stdin", async () => {
      const r = await s.dockerIn(DOCKERFILE, "build", "-q", "-t", "built", "-");
      assertEquals([r.code, /^sha256:[0-9a-f]{64}\n$/.test(r.stdout)], [0, true], r.stderr);
      built = r.stdout.trim();
      await s.expect(["image", "inspect", "-f", "{{.Id}}", "built"], {
        code: 0,
        stdout: `${built}\n`,
      });
    });

    await s.step(t, "the built image's config through inspect --format", async () => {
      await s.expect([
        "image",
        "inspect",
        "-f",
        '{{.Config.Env}}|{{.Config.WorkingDir}}|{{json .Config.Entrypoint}}|{{json .Config.Cmd}}|{{index .Config.Labels "org.example.team"}}',
        "built",
      ], {
        code: 0,
        stdout: "[PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin A=1 B=two " +
          'words]|/app|["sh","-c"]|["echo $A-$B in $(pwd)"]|core\n',
      });
    });

    await s.step(t, "the built image runs its ENTRYPOINT + CMD", async () => {
      await s.expect(["run", "--rm", "built"], { code: 0, stdout: "1-two words in /app\n" });
    });

    await s.step(t, "docker history of the built image keeps CMD's variables", async () => {
      const out = await s.ok("history", "--no-trunc", "--format", "{{.CreatedBy}}", "built");
      assertEquals(out.split("\n").slice(0, 2), [
        '/bin/sh -c #(nop)  CMD ["echo $A-$B in $(pwd)"]',
        '/bin/sh -c #(nop)  ENTRYPOINT ["sh" "-c"]',
      ]);
    });

    await s.step(t, "docker images --filter label= finds the built image", async () => {
      await s.expect(
        ["images", "--filter", "label=org.example.team=core", "--format", "{{.Repository}}"],
        { code: 0, stdout: "built\n" },
      );
    });

    await s.step(t, "docker build -f elsewhere with --iidfile", async () => {
      await Deno.mkdir(`${dir}/ctx/sub`, { recursive: true });
      await Deno.writeTextFile(`${dir}/ctx/hi.txt`, "hi\n");
      await Deno.writeTextFile(
        `${dir}/ctx/sub/Custom.dockerfile`,
        "FROM alpine\nCOPY hi.txt /\nRUN cat /hi.txt > /copied\n",
      );
      await s.expect([
        "build",
        "-q",
        "-f",
        `${dir}/ctx/sub/Custom.dockerfile`,
        "--iidfile",
        `${dir}/iid`,
        "-t",
        "custom",
        `${dir}/ctx`,
      ], { code: 0, stdout: /^sha256:[0-9a-f]{64}\n$/, stderr: LEGACY_BUILDER });
      // With -q the CLI writes its quiet output (the id and a newline) to the iidfile.
      const iid = (await Deno.readTextFile(`${dir}/iid`)).trim();
      await s.expect(["image", "inspect", "-f", "{{.Id}}", "custom"], {
        code: 0,
        stdout: `${iid}\n`,
      });
      await s.expect(["run", "--rm", "custom", "cat", "/copied"], { code: 0, stdout: "hi\n" });
    });

    await s.step(t, "docker build FROM an image no registry has", async () => {
      const r = await s.dockerIn("FROM nosuchbase\n", "build", "-q", "-t", "broken", "-");
      assertEquals(r.code, 1);
      assertEquals(r.stdout, "");
      assertEquals(
        r.stderr.trim().split("\n").at(-1),
        `Error response from daemon: ${PULL_DENIED("nosuchbase")}`,
      );
    });

    await s.step(t, "docker build --platform another than the base image's", async () => {
      const r = await s.dockerIn("FROM alpine\n", "build", "-q", "--platform", "linux/arm64", "-");
      assertEquals([r.code, r.stdout], [1, ""]);
      assertEquals(
        r.stderr.trim().split("\n").at(-1),
        `Error response from daemon: ${NO_ARM64}`,
      );
    });

    await s.step(t, "docker build with a failing RUN gives its exit code message", async () => {
      const r = await s.dockerIn("FROM alpine\nRUN exit 7\n", "build", "-q", "-");
      assertEquals([r.code, r.stdout], [1, ""]);
      assertEquals(
        r.stderr.trim().split("\n").at(-1),
        "Error response from daemon: The command '/bin/sh -c exit 7' returned a non-zero code: 7",
      );
    });

    await s.step(t, "docker images --filter dangling=true after re-tagging", async () => {
      const again = await s.dockerIn(
        DOCKERFILE.replace("A=1", "A=2"),
        "build",
        "-q",
        "-t",
        "built",
        "-",
      );
      assertEquals(again.code, 0, again.stderr);
      await s.expect(["images", "--filter", "dangling=true", "-q", "--no-trunc"], {
        code: 0,
        stdout: `${built}\n`,
      });
      await s.expect([
        "images",
        "--filter",
        "dangling=true",
        "--format",
        "{{.Repository}}:{{.Tag}}",
      ], {
        code: 0,
        stdout: "<none>:<none>\n",
      });
    });

    await s.step(t, "docker image prune -f removes the dangling image", async () => {
      const pruned = await s.ok("image", "prune", "-f");
      assertEquals(pruned.split("\n")[0], "Deleted Images:");
      assertEquals(pruned.includes(`\ndeleted: ${built}\n`), true, pruned);
      assertEquals(/\n\nTotal reclaimed space: \d+(\.\d+)?[kMG]?B\n$/.test(pruned), true, pruned);
      await s.expect(["images", "--filter", "dangling=true", "-q"], { code: 0, stdout: "" });
    });

    await Deno.remove(dir, { recursive: true });
  },
});
