"""images.build and the low-level build: streamed logs, context files, build args, errors."""
import io
import os
import tarfile
import tempfile

import docker

from _support import DockerTestCase, unique


class ImagesBuildTest(DockerTestCase):
    def build_tag(self):
        tag = f"{unique('build')}:latest"
        self.remove_later(self.client.images.remove, tag, force=True)
        return tag

    def test_build_from_fileobj_streams_steps_and_tags_the_image(self):
        tag = self.build_tag()
        dockerfile = io.BytesIO(b"FROM alpine\nRUN echo built > /built.txt\nCMD cat /built.txt\n")
        image, stream = self.client.images.build(fileobj=dockerfile, tag=tag, rm=True)
        logs = list(stream)
        text = "".join(chunk.get("stream", "") for chunk in logs)
        self.assertIn("Step 1/3 : FROM alpine", text)
        self.assertIn("Step 2/3 : RUN echo built > /built.txt", text)
        self.assertIn(f"Successfully tagged {tag}", text)
        self.assertIn(tag, image.tags)
        aux = [chunk["aux"]["ID"] for chunk in logs if "aux" in chunk]
        self.assertEqual(aux, [image.id])
        self.assertEqual(self.client.containers.run(tag, remove=True), b"built\n")

    def test_build_from_a_context_directory_with_buildargs_and_labels(self):
        tag = self.build_tag()
        with tempfile.TemporaryDirectory() as ctx:
            with open(os.path.join(ctx, "Dockerfile"), "w") as f:
                f.write(
                    "FROM alpine\nARG GREETING=unset\nCOPY app.txt /app/\n"
                    'RUN echo "$GREETING" > /app/greeting\nWORKDIR /app\n'
                )
            with open(os.path.join(ctx, "app.txt"), "w") as f:
                f.write("from the context\n")
            with open(os.path.join(ctx, ".dockerignore"), "w") as f:
                f.write("secret.txt\n")
            with open(os.path.join(ctx, "secret.txt"), "w") as f:
                f.write("never sent\n")
            image, _ = self.client.images.build(
                path=ctx, tag=tag, buildargs={"GREETING": "hello-arg"},
                labels={"built-by": "docker-py"},
            )
        self.assertEqual(image.labels, {"built-by": "docker-py"})
        out = self.client.containers.run(
            tag, ["sh", "-c", "pwd; cat app.txt greeting; ls /app"], remove=True
        )
        self.assertEqual(out, b"/app\nfrom the context\nhello-arg\napp.txt\ngreeting\n")

    def test_low_level_build_decode_streams_json_lines(self):
        tag = self.build_tag()
        dockerfile = io.BytesIO(b"FROM alpine\nRUN echo visible-in-log\n")
        chunks = list(self.api.build(fileobj=dockerfile, tag=tag, decode=True))
        self.assertTrue(all(isinstance(c, dict) for c in chunks), chunks)
        text = "".join(c.get("stream", "") for c in chunks)
        self.assertIn("visible-in-log", text)
        self.assertIn("Successfully built", text)

    def test_build_logs_stream_while_the_build_runs(self):
        tag = self.build_tag()
        dockerfile = io.BytesIO(b"FROM alpine\nRUN echo started && sleep 1 && echo finished\n")
        texts = []
        tagged_at_started = None
        for chunk in self.api.build(fileobj=dockerfile, tag=tag, decode=True):
            texts.append(chunk.get("stream", ""))
            if texts[-1] == "started\n":
                # "started" reached the client while the build ran: the image is not tagged yet.
                tagged_at_started = bool(self.api.images(name=tag, quiet=True))
        self.assertIn("started\n", texts)
        self.assertIs(tagged_at_started, False, texts)
        self.assertLess(texts.index("started\n"), texts.index("finished\n"))
        self.assertNotEqual(texts[0], "started\n", "earlier steps stream before the RUN")

    def test_failing_run_raises_build_error_with_the_log(self):
        dockerfile = io.BytesIO(b"FROM alpine\nRUN echo before-failure && exit 3\n")
        with self.assertRaises(docker.errors.BuildError) as caught:
            self.client.images.build(fileobj=dockerfile, tag=self.build_tag())
        self.assertIn("returned a non-zero code: 3", caught.exception.msg)
        log = "".join(c.get("stream", "") for c in caught.exception.build_log)
        self.assertIn("before-failure", log)

    def test_build_with_a_missing_base_image_fails(self):
        dockerfile = io.BytesIO(b"FROM sockerless-absent-base:1\n")
        with self.assertRaises((docker.errors.BuildError, docker.errors.APIError)) as caught:
            self.client.images.build(fileobj=dockerfile, tag=self.build_tag())
        self.assertIn("sockerless-absent-base", str(caught.exception))

    def test_multi_stage_build_with_target(self):
        tag = self.build_tag()
        dockerfile = io.BytesIO(
            b"FROM alpine AS base\nRUN echo base > /stage\n"
            b"FROM base AS final\nRUN echo final > /stage\n"
        )
        self.client.images.build(fileobj=dockerfile, tag=tag, target="base")
        self.assertEqual(self.client.containers.run(tag, "cat /stage", remove=True), b"base\n")

    def test_custom_gzip_context_with_a_named_dockerfile(self):
        tag = self.build_tag()
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w:gz") as tar:
            for name, data in {
                "build/Custom.Dockerfile": b"FROM alpine\nCOPY data.txt /d.txt\n",
                "data.txt": b"gzipped context\n",
            }.items():
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
        buf.seek(0)
        self.client.images.build(
            fileobj=buf, custom_context=True, encoding="gzip", tag=tag,
            dockerfile="build/Custom.Dockerfile", nocache=True, pull=False,
        )
        self.assertEqual(
            self.client.containers.run(tag, "cat /d.txt", remove=True), b"gzipped context\n"
        )
