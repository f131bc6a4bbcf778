/**
 * The tags lister against a small registry that pages its answer with `Link` headers, and its
 * errors for an unknown repository.
 */
import { assertEquals, assertRejects } from "../../tests/_helpers/assert.ts";
import { DockerError } from "../errors.ts";
import { parseReference } from "./reference.ts";
import { listTags } from "./tags.ts";

const PAGES: Record<string, { tags: string[]; next?: string }> = {
  "": { tags: ["a", "b"], next: "/v2/team/app/tags/list?n=2&last=b" },
  "b": { tags: ["c"] },
};

function serve(): Deno.HttpServer<Deno.NetAddr> {
  return Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    const url = new URL(req.url);
    if (url.pathname === "/v2/") return new Response("{}");
    if (url.pathname !== "/v2/team/app/tags/list") {
      return Response.json({
        errors: [{ code: "NAME_UNKNOWN", message: "repository name not known to registry" }],
      }, {
        status: 404,
      });
    }
    const page = PAGES[url.searchParams.get("last") ?? ""];
    const headers: Record<string, string> = page.next ? { link: `<${page.next}>; rel="next"` } : {};
    return Response.json({ name: "team/app", tags: page.tags }, { headers });
  });
}

Deno.test("listTags follows Link pages and reports an unknown repository as not found", async () => {
  const server = serve();
  try {
    const domain = `127.0.0.1:${server.addr.port}`;
    assertEquals(await listTags(parseReference(`${domain}/team/app`)), ["a", "b", "c"]);
    const err = await assertRejects(
      () => listTags(parseReference(`${domain}/team/nope`)),
      `repository ${domain}/team/nope not found: name unknown: repository name not known`,
    );
    assertEquals((err as DockerError).kind, "NotFound");
  } finally {
    await server.shutdown();
  }
});
