package io.berth.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.error.ForbiddenException;
import io.berth.core.identity.Caller;
import io.berth.core.resource.ResourceInputs.KeyPairPolicyInput;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyExportTest {
    private final FakeIdentityService identity = new FakeIdentityService();
    private final FakeResourcePolicyService policies = new FakeResourcePolicyService();

    @TempDir
    Path dir;

    @BeforeEach
    void gold() {
        policies.createKeyPairPolicy(Caller.SYSTEM, new KeyPairPolicyInput("gold", null,
                Map.of("cpu", "8", "mem", "32g"), null, null, null, null, null, null, null));
    }

    private Run export(String kind, Path file, String format, boolean force) throws Exception {
        PolicyExportCommand export = new PolicyExportCommand();
        export.policies = policies;
        export.kind = kind;
        export.file = file.toString();
        export.format = format;
        export.force = force;
        return Run.of(export, identity);
    }

    /** Only the given files are in the directory: no temporary file is left behind. */
    private void onlyFiles(String... names) throws Exception {
        try (var files = Files.list(dir)) {
            assertEquals(List.of(names), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void csvWithAHeaderParsesBackAsUtf8() throws Exception {
        Path file = dir.resolve("keypair.csv");
        Run run = export("keypair", file, null, false);
        assertEquals("", run.err());
        assertEquals("keypair/csv", policies.lastExport);
        List<CSVRecord> records;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
            assertEquals(List.of("name", "total_resource_slots", "description"), csv.getHeaderNames());
            records = csv.getRecords();
        }
        assertEquals(List.of("default", "gold"), records.stream().map(r -> r.get("name")).toList());
        assertEquals("{\"cpu\":\"8\",\"mem\":\"34359738368\"}", records.get(1).get("total_resource_slots"));
        assertEquals("Größe\nzwei Zeilen", records.get(1).get("description"), "UTF-8, line break kept");
        assertEquals("Wrote 2 keypair policies to " + file + " (CSV: a header and 2 rows, " + Files.size(file)
                + " bytes).\n", run.out());
        onlyFiles("keypair.csv");
    }

    @Test
    void refusesToOverwriteUnlessForced() throws Exception {
        Path file = dir.resolve("policies.csv");
        Files.writeString(file, "keep me");
        Run run = export("keypair", file, null, false);
        assertEquals("Error: " + file + " exists; give --force to replace it (field: file)\n", run.err());
        assertEquals("keep me", Files.readString(file));
        assertNull(policies.lastExport, "core is not asked");

        run = export("keypair", file, "csv", true);
        assertEquals("", run.err());
        assertTrue(Files.readString(file).startsWith("name,total_resource_slots,description\r\n"));
        onlyFiles("policies.csv");
    }

    @Test
    void jsonByOptionOrExtensionPrintsTheByteCount() throws Exception {
        Path file = dir.resolve("out.json");
        Run run = export("user", file, null, false);
        assertEquals("user/json", policies.lastExport);
        assertEquals("Wrote user policies to " + file + " (JSON: " + Files.size(file) + " bytes).\n", run.out());
        assertTrue(Files.readString(file).startsWith("[{\"name\":"));

        export("project", dir.resolve("out.txt"), "JSON", false);
        assertEquals("project/json", policies.lastExport);

        run = export("project", dir.resolve("out.xml"), "xml", false);
        assertEquals("Error: 'xml' is not a download format; use csv or json (field: format)\n", run.err());
        assertFalse(Files.exists(dir.resolve("out.xml")));
    }

    @Test
    void aMissingDirectoryOrADirectoryTargetIsAnError() throws Exception {
        Path missing = dir.resolve("no/such/dir/p.csv");
        assertEquals("Error: directory " + missing.getParent() + " does not exist (field: file)\n",
                export("keypair", missing, null, false).err());
        assertEquals("Error: " + dir + " is a directory (field: file)\n", export("keypair", dir, null, true).err());
        assertNull(policies.lastExport);
    }

    @Test
    void aFailedExportLeavesNoFile() throws Exception {
        policies.exportFailure = new ForbiddenException("only a superadmin exports policies");
        Path file = dir.resolve("p.csv");
        assertEquals("Error: only a superadmin exports policies\n", export("keypair", file, null, false).err());
        onlyFiles();

        Files.writeString(file, "old");
        export("keypair", file, null, true);
        assertEquals("old", Files.readString(file), "a forced export that fails keeps the old file");
        onlyFiles("p.csv");
    }

    @Test
    void csvRecordsAreCountedOutsideQuotes() throws Exception {
        ExportFile.Counting counting = new ExportFile.Counting(new java.io.StringWriter());
        counting.write("a,b\r\n\"x\ny\",\"he said \"\"hi\"\"\"\r\nlast");
        assertEquals(3, counting.records());
        ExportFile.Counting empty = new ExportFile.Counting(new java.io.StringWriter());
        assertEquals(0, empty.records());
    }
}
