package dev.berth.image;

import dev.berth.core.image.Digest;
import java.util.List;

/**
 * Which containers use an image, so that {@code docker rmi} and prune refuse or skip images in
 * use. The container service provides it; until it exists, {@link #NONE}. Must be cheap and
 * thread-safe: called under the image lock.
 */
@FunctionalInterface
public interface ImageUsers {
    List<User> usersOf(Digest imageId);

    /** One container using the image. */
    record User(String containerId, boolean running) {}

    ImageUsers NONE = id -> List.of();
}
