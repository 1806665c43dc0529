#!/usr/bin/env python3
"""A small client of the openshift-image-fake control API (serve --control), standard library only.

    openshift-image-fake serve --port 8080 --control --empty &
    python3 examples/control-api/client.py http://127.0.0.1:8080

Run as a script it goes through every endpoint against a server started with --control and exits 0
when each answered as documented (docs/control-api.md); the test suite runs it
(test/cli/control-api.test.ts).
"""

import json
import sys
import urllib.error
import urllib.request


class Fake:
    """The control API (under /.fake/) and a few Kubernetes calls, on one server URL."""

    def __init__(self, url):
        self.url = url.rstrip("/")

    def call(self, method, path, body=None, content_type="application/json"):
        data = None
        headers = {"Accept": "application/json"}
        if body is not None:
            data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
            headers["Content-Type"] = content_type
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req) as res:
                return res.status, json.loads(res.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"null")

    # control API
    def reset(self):
        return self.call("POST", "/.fake/reset")

    def seed(self, objects):
        return self.call("POST", "/.fake/seed", objects)

    def seed_yaml(self, text):
        return self.call("POST", "/.fake/seed", text, "application/yaml")

    def snapshot(self):
        return self.call("GET", "/.fake/snapshot")[1]

    def restore(self, snapshot):
        return self.call("POST", "/.fake/restore", snapshot)

    def settle(self):
        return self.call("POST", "/.fake/settle")

    def inject(self, fault):
        return self.call("POST", "/.fake/faults", fault)

    def faults(self):
        return self.call("GET", "/.fake/faults")[1]["items"]

    def remove_faults(self):
        return self.call("DELETE", "/.fake/faults")

    def requests(self, since=0):
        return self.call("GET", "/.fake/requests?since=%d" % since)[1]["items"]

    def publish(self, ref, spec):
        return self.call("POST", "/.fake/registry/publish", {"ref": ref, "spec": spec})

    # the Kubernetes API
    def imagestreams(self, namespace):
        return self.call("GET", "/apis/image.openshift.io/v1/namespaces/%s/imagestreams" % namespace)


def check(what, got, want):
    if got != want:
        raise AssertionError("%s: got %r, want %r" % (what, got, want))
    print("ok   %s" % what)


def main(url):
    fake = Fake(url)
    status, index = fake.call("GET", "/.fake/")
    check("GET /.fake/ lists the endpoints", "/.fake/reset" in index["endpoints"], True)
    check("reset", fake.reset()[0], 200)

    stream = {"apiVersion": "image.openshift.io/v1", "kind": "ImageStream", "metadata": {"name": "web", "namespace": "team"}}
    check("seed (JSON)", fake.seed([stream])[0], 201)
    check("seed (YAML)", fake.seed_yaml("kind: ImageStream\napiVersion: image.openshift.io/v1\nmetadata: {name: api, namespace: team}\n")[0], 201)
    status, body = fake.seed([{"kind": "ImageStream", "apiVersion": "image.openshift.io/v1", "metadata": {"name": "Bad Name", "namespace": "team"}}])
    check("seed refuses a bad object", (status, body["error"].startswith("cannot seed ImageStream team/Bad Name")), (400, True))
    status, body = fake.imagestreams("team")
    check("the seeded streams are served", sorted(i["metadata"]["name"] for i in body["items"]), ["api", "web"])

    snap = fake.snapshot()
    check("snapshot holds the streams", len(snap["objects"]["imagestreams"]), 2)
    fake.seed([{"apiVersion": "image.openshift.io/v1", "kind": "ImageStream", "metadata": {"name": "extra", "namespace": "team"}}])
    check("restore", fake.restore(snap)[0], 200)
    check("restore brings the snapshot back", sorted(i["metadata"]["name"] for i in fake.imagestreams("team")[1]["items"]), ["api", "web"])

    status, fault = fake.inject({"match": {"verb": "list", "resource": "imagestreams"}, "status": 503, "times": 1})
    check("inject a fault", (status, fault["active"]), (201, True))
    status, body = fake.imagestreams("team")
    check("the fault answers once", (status, body["kind"], body["code"]), (503, "Status", 503))
    check("then the API answers again", fake.imagestreams("team")[0], 200)
    check("the fault counted its hit", [(f["id"], f["hits"], f["active"]) for f in fake.faults()], [(fault["id"], 1, False)])
    status, body = fake.inject({"match": {"path": {"regexp": "^/apis/"}}, "delay": 10, "times": 1})
    check("a fault with a regular expression", status, 201)
    status, body = fake.inject({"match": {"verbs": "list"}, "status": 500})
    check("a fault with an unknown key is refused", (status, body["error"].startswith("match.verbs: unknown key")), (400, True))
    check("remove the faults", fake.remove_faults()[0], 200)

    seen = fake.requests()
    lists = [r for r in seen if r["verb"] == "list" and r["resource"] == "imagestreams"]
    check("recorded requests", [r["status"] for r in lists][-2:], [503, 200])
    check("requests?since= skips older ones", fake.requests(since=seen[-1]["seq"]), [])

    status, published = fake.publish("quay.io/team/app:1.0", {"seed": "v1"})
    check("publish to the remote registry", (status, published["digest"].startswith("sha256:")), (201, True))
    check("settle", fake.settle()[0], 200)
    check("reset empties the fake", (fake.reset()[0], fake.imagestreams("team")[1]["items"]), (200, []))
    check("an unknown endpoint is a 404", fake.call("GET", "/.fake/nope")[0], 404)
    status, clock = fake.call("GET", "/.fake/clock")
    check("the clock", (status, clock["mode"]), (200, "real"))
    check("the real clock does not move (--clock virtual does)", fake.call("POST", "/.fake/clock/advance", {"ms": 1000})[0], 409)
    print("control API: all checks passed")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: client.py <server URL>")
    main(sys.argv[1])
