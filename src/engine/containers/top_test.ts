/** `docker top` ps arguments on the memory backend. */
import { assertEquals, assertRejects } from "../../../tests/_helpers/assert.ts";
import { type TopProcess, topTable } from "./top.ts";

const started = new Date("2026-01-02T03:04:05");
const procs: TopProcess[] = [
  { pid: 10001, ppid: 0, user: "root", started, tty: "?", command: "/bin/sleep 600" },
];

Deno.test("the default listing, -ef, aux and -o field lists", () => {
  const def = topTable(procs, "");
  assertEquals(def.Titles, ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]);
  assertEquals(def.Processes[0].at(-1), "/bin/sleep 600");
  assertEquals(topTable(procs, "-ef"), def);
  assertEquals(topTable(procs, "-o pid,comm"), {
    Titles: ["PID", "COMMAND"],
    Processes: [["10001", "sleep"]],
  });
  assertEquals(topTable(procs, "-eo user,args").Processes, [["root", "/bin/sleep 600"]]);
  const aux = topTable(procs, "aux");
  assertEquals([aux.Titles[0], aux.Titles.at(-1), aux.Processes[0][1]], [
    "USER",
    "COMMAND",
    "10001",
  ]);
});

Deno.test("other ps arguments are refused with a 501 naming them", async () => {
  const err = await assertRejects(
    () => topTable(procs, "-o pid,rss"),
    'ps arguments "-o pid,rss" are not supported by the memory backend',
  );
  assertEquals((err as { kind?: string }).kind, "NotImplemented");
});
