package dev.berth.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.error.BerthException;
import dev.berth.core.volume.VolumeDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link VolumeDriver} must do, whichever way it stores data: the built-in local driver
 * and remote plugins run the same suite. Subclasses supply the driver; the suite removes every
 * volume it created, also when a test fails. Mount paths must be host directories this process
 * can write to (true for every driver on the test host).
 */
public abstract class VolumeDriverContract {
    private final List<String> created = new ArrayList<>();

    protected abstract VolumeDriver driver();

    protected String newName() {
        String name = "contract-" + UUID.randomUUID().toString().substring(0, 8);
        created.add(name);
        return name;
    }

    @AfterEach
    void removeCreatedVolumes() {
        for (String name : created) {
            try {
                driver().unmount(name, "contract-a");
                driver().unmount(name, "contract-b");
            } catch (BerthException ignored) {
                // not mounted
            }
            try {
                driver().remove(name);
            } catch (BerthException ignored) {
                // removed by the test
            }
        }
        created.clear();
    }

    @Test
    void createdVolumeCanBeFetchedAndIsListed() {
        String name = newName();
        VolumeDriver.DriverVolume v = driver().create(name, Map.of());
        assertEquals(name, v.name());
        assertEquals(name, driver().get(name).name());
        assertTrue(driver().list().stream().anyMatch(l -> l.name().equals(name)), "listed");
    }

    @Test
    void creatingAnExistingVolumeAgainIsNotAnError() {
        String name = newName();
        driver().create(name, Map.of());
        driver().create(name, Map.of());
        assertEquals(1, driver().list().stream().filter(l -> l.name().equals(name)).count());
    }

    @Test
    void unknownVolumeIsNotFound() {
        assertThrows(BerthException.NotFound.class, () -> driver().get("contract-nosuch-" + UUID.randomUUID()));
    }

    @Test
    void removedVolumeIsGone() {
        String name = newName();
        driver().create(name, Map.of());
        driver().remove(name);
        assertThrows(BerthException.NotFound.class, () -> driver().get(name));
        assertFalse(driver().list().stream().anyMatch(l -> l.name().equals(name)), "still listed");
    }

    @Test
    void mountGivesAWritableDirectoryWhoseDataSurvivesUnmount() throws Exception {
        String name = newName();
        driver().create(name, Map.of());
        Path path = Path.of(driver().mount(name, "contract-a"));
        assertTrue(Files.isDirectory(path), "mountpoint is a directory: " + path);
        assertEquals(path.toString(), driver().path(name));
        Files.writeString(path.resolve("hello.txt"), "hi");
        driver().unmount(name, "contract-a");
        Path again = Path.of(driver().mount(name, "contract-a"));
        assertEquals("hi", Files.readString(again.resolve("hello.txt")));
        driver().unmount(name, "contract-a");
    }

    @Test
    void twoCallersMayMountTheSameVolume() throws Exception {
        String name = newName();
        driver().create(name, Map.of());
        Path a = Path.of(driver().mount(name, "contract-a"));
        Path b = Path.of(driver().mount(name, "contract-b"));
        Files.writeString(a.resolve("shared"), "x");
        driver().unmount(name, "contract-a");
        assertEquals("x", Files.readString(b.resolve("shared")), "still available to the second caller");
        driver().unmount(name, "contract-b");
    }

    @Test
    void scopeIsKnown() {
        assertNotNull(driver().scope());
    }
}
