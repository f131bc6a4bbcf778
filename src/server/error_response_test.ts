import { ParameterError } from "../../generated/docker/mod.ts";
import { conflict, DockerError, notFound, notImplemented } from "../engine/errors.ts";
import { assertEquals } from "../../tests/_helpers/assert.ts";
import { errorResponse, statusOf } from "./error_response.ts";

Deno.test("every error kind maps to its HTTP status in one place", () => {
  const cases: [unknown, number][] = [
    [new DockerError("InvalidParameter", "x"), 400],
    [new DockerError("Unauthorized", "x"), 401],
    [new DockerError("Forbidden", "x"), 403],
    [notFound("x"), 404],
    [conflict("x"), 409],
    [new DockerError("NotModified", "x"), 304],
    [new DockerError("PayloadTooLarge", "x"), 413],
    [notImplemented("ContainerCreate", "memory"), 501],
    [new DockerError("Unavailable", "x"), 503],
    [new DockerError("System", "x"), 500],
    [new ParameterError("all", "bad"), 400],
    [new URIError("URI malformed"), 400],
    [new TypeError("boom"), 500],
  ];
  for (const [err, status] of cases) assertEquals(statusOf(err).status, status, String(err));
});

Deno.test("error responses are Docker's {message} JSON", () => {
  const res = errorResponse(notImplemented("ContainerCreate", "memory"));
  assertEquals(res.status, 501);
  assertEquals(res.headers["Content-Type"], "application/json");
  assertEquals(JSON.parse(new TextDecoder().decode(res.body as Uint8Array)), {
    message: "ContainerCreate is not implemented by the memory backend",
  });
});

Deno.test("304 carries no body", () => {
  const res = errorResponse(new DockerError("NotModified", "container already started"));
  assertEquals(res.status, 304);
  assertEquals(res.body, null);
});
