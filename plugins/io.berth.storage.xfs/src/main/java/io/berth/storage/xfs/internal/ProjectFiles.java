package io.berth.storage.xfs.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The two files that map XFS project ids: the projects file ({@code /etc/projects}, lines
 * {@code <id>:<directory>}, see projects(5)) and the projid file ({@code /etc/projid}, lines
 * {@code <name>:<id>}, see projid(5)). Lines that are blank or start with {@code #} are comments.
 *
 * <p>Edits only ever append lines; every other line is kept byte for byte. A file is replaced
 * atomically: the new content goes to a temporary file in the same directory, is forced to disk,
 * gets the old file's permissions ({@code rw-r--r--} for a new file) and is moved over the old one
 * (a file that is a symbolic link is replaced at the link's target). All reads and edits of one
 * pair of files hold a lock shared by the whole JVM; other programs editing the files at the same
 * time are not locked out.
 */
final class ProjectFiles {
    /** The largest project id handed out; XFS ids are 32-bit and {@code 2^32-1} is kept clear. */
    static final long MAX_PROJECT_ID = 0xFFFF_FFFEL;

    private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();

    private final Path projects;
    private final Path projid;

    /**
     * The files.
     *
     * @param projects the projects file
     * @param projid   the projid file
     */
    ProjectFiles(Path projects, Path projid) {
        this.projects = projects.toAbsolutePath().normalize();
        this.projid = projid.toAbsolutePath().normalize();
    }

    /**
     * The outcome of {@link #register}.
     *
     * @param id    the project id
     * @param added whether the directory was added to the projects file now, so that the
     *              project's tree still needs to be set up
     */
    record Registration(long id, boolean added) {
    }

    /**
     * A line of the projects file.
     *
     * @param id   the project id
     * @param path the directory
     */
    record Entry(long id, String path) {
    }

    private Object lock() {
        return LOCKS.computeIfAbsent(projid, p -> new Object());
    }

    /**
     * The id of a project that is in the projid file and has the directory in the projects file.
     *
     * @param name the project name
     * @param dir  the directory
     * @return the id, or empty when the project or its directory is not registered
     * @throws IOException when a file cannot be read
     */
    OptionalLong find(String name, String dir) throws IOException {
        synchronized (lock()) {
            Long id = parseProjid(text(read(projid))).get(name);
            if (id == null || !parseProjects(text(read(projects))).contains(new Entry(id, dir))) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(id);
        }
    }

    /**
     * Registers the directory as the project {@code name}: keeps the project's id when the projid
     * file has it, else allocates the next id above the largest in either file (at least
     * {@code firstId}) and appends {@code name:id} to the projid file; then appends
     * {@code id:dir} to the projects file unless it is there. The projid file is written first, so
     * that a retry after a crash in between finds the id again.
     *
     * @param name    the project name, without {@code :} or line breaks
     * @param dir     the absolute directory, without line breaks
     * @param firstId the smallest id to allocate
     * @return the id and whether the directory was added now
     * @throws IOException when a file cannot be read or written, when the directory belongs to
     *                     another project already, or when the ids are exhausted
     */
    Registration register(String name, String dir, long firstId) throws IOException {
        if (name.isEmpty() || name.indexOf(':') >= 0 || hasLineBreak(name) || hasLineBreak(dir)) {
            throw new IOException("project name " + name + " or directory " + dir
                    + " cannot be written to the project files");
        }
        synchronized (lock()) {
            byte[] projidBytes = read(projid);
            byte[] projectsBytes = read(projects);
            Map<String, Long> names = parseProjid(text(projidBytes));
            List<Entry> entries = parseProjects(text(projectsBytes));
            Long id = names.get(name);
            for (Entry e : entries) {
                if (e.path().equals(dir) && (id == null || e.id() != id)) {
                    throw new IOException(dir + " belongs to project " + e.id() + " in " + projects
                            + ", not to project " + name);
                }
            }
            if (id == null) {
                long max = firstId - 1;
                for (long used : names.values()) {
                    max = Math.max(max, used);
                }
                for (Entry e : entries) {
                    max = Math.max(max, e.id());
                }
                if (max >= MAX_PROJECT_ID) {
                    throw new IOException("no project id above " + max + " is left for project " + name);
                }
                id = max + 1;
                replace(projid, append(projidBytes, name + ":" + id));
            }
            if (entries.contains(new Entry(id, dir))) {
                return new Registration(id, false);
            }
            replace(projects, append(projectsBytes, id + ":" + dir));
            return new Registration(id, true);
        }
    }

    /**
     * Parses a projid file.
     *
     * @param text the file's content
     * @return name to id, in file order; the first line of a name wins; malformed lines are left out
     */
    static Map<String, Long> parseProjid(String text) {
        Map<String, Long> names = new LinkedHashMap<>();
        for (String line : lines(text)) {
            int colon = line.lastIndexOf(':');
            OptionalLong id = colon > 0 ? parseId(line.substring(colon + 1)) : OptionalLong.empty();
            if (id.isPresent()) {
                names.putIfAbsent(line.substring(0, colon), id.getAsLong());
            }
        }
        return Collections.unmodifiableMap(names);
    }

    /**
     * Parses a projects file.
     *
     * @param text the file's content
     * @return its entries in file order; malformed lines are left out
     */
    static List<Entry> parseProjects(String text) {
        List<Entry> entries = new ArrayList<>();
        for (String line : lines(text)) {
            int colon = line.indexOf(':');
            OptionalLong id = colon > 0 ? parseId(line.substring(0, colon)) : OptionalLong.empty();
            if (id.isPresent() && colon + 1 < line.length()) {
                entries.add(new Entry(id.getAsLong(), line.substring(colon + 1)));
            }
        }
        return Collections.unmodifiableList(entries);
    }

    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        for (String raw : text.split("\n", -1)) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (!line.isBlank() && !line.stripLeading().startsWith("#")) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static OptionalLong parseId(String s) {
        String t = s.strip();
        if (t.isEmpty() || t.length() > 10 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        long id = Long.parseLong(t);
        return id <= 0xFFFF_FFFFL ? OptionalLong.of(id) : OptionalLong.empty();
    }

    private static boolean hasLineBreak(String s) {
        return s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] read(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
    }

    /** The old content, a line break if it lacks a final one, the line and a line break. */
    static byte[] append(byte[] old, String line) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(old.length + line.length() + 2);
        b.writeBytes(old);
        if (old.length > 0 && old[old.length - 1] != '\n') {
            b.write('\n');
        }
        b.writeBytes(line.getBytes(StandardCharsets.UTF_8));
        b.write('\n');
        return b.toByteArray();
    }

    /** Replaces the file atomically with the content (see the class documentation). */
    static void replace(Path file, byte[] content) throws IOException {
        Path target = Files.isSymbolicLink(file) ? file.toRealPath() : file;
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (Files.getFileAttributeView(tmp, PosixFileAttributeView.class) != null) {
                Files.setPosixFilePermissions(tmp, Files.exists(target) ? Files.getPosixFilePermissions(target)
                        : PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The projects file.
     *
     * @return its absolute path
     */
    Path projects() {
        return projects;
    }

    /**
     * The projid file.
     *
     * @return its absolute path
     */
    Path projid() {
        return projid;
    }
}
