/**
 * A client for the OCI distribution API (Docker Registry HTTP API v2), independent of the local
 * image store.
 *
 * <p>Entry points: {@link dev.berth.image.registry.RegistryClient} (one per daemon; endpoints,
 * auth, login), {@link dev.berth.image.registry.ImagePuller} and
 * {@link dev.berth.image.registry.ImagePusher} (orchestration with dockerd's progress lines), and
 * {@link dev.berth.image.registry.RegistryRepository} for single calls (manifests, blobs).
 * The store plugs in through {@link dev.berth.image.registry.PullTarget} /
 * {@link dev.berth.image.registry.BlobSink} on pull and {@link dev.berth.image.registry.PushImage} /
 * {@link dev.berth.image.registry.BlobSource} on push.
 *
 * <p>Progress split (wording lives in {@link dev.berth.image.registry.ProgressMessages}):
 * the puller emits "Pulling from", "Already exists", "Pulling fs layer", "Waiting", "Downloading",
 * "Verifying Checksum", "Download complete"; the image service emits "Extracting", "Pull complete",
 * "Digest: …" and "Status: …". The pusher emits "Preparing", "Waiting", "Pushing", "Pushed",
 * "Layer already exists", "Mounted from …", "tag: digest: … size: N" and the aux record; the image
 * service emits "The push refers to repository […]" once per {@code docker push}.
 *
 * <p>Errors follow dockerd's wording: unknown tag → {@code NotFound("manifest for x:t not found:
 * manifest unknown: manifest unknown")}; anonymous access refused → {@code NotFound("pull access
 * denied for x, repository does not exist or may require 'docker login': …")}; rejected
 * credentials → {@code Unauthorized}; registry down, dropped transfers or corrupt content →
 * {@code Unavailable}.
 */
package dev.berth.image.registry;
