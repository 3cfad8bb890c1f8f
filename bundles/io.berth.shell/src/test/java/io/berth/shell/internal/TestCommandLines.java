package io.berth.shell.internal;

import org.apache.karaf.shell.api.console.CommandLine;

/** Command lines for completer tests. */
final class TestCommandLines {
    private TestCommandLines() {
    }

    /** {@code command word} with the cursor at the end of {@code word}, the command's first argument. */
    static CommandLine at(String command, String word) {
        return new CommandLine() {
            @Override
            public int getCursorArgumentIndex() {
                return 1;
            }

            @Override
            public String getCursorArgument() {
                return word;
            }

            @Override
            public int getArgumentPosition() {
                return word.length();
            }

            @Override
            public String[] getArguments() {
                return new String[] {command, word};
            }

            @Override
            public int getBufferPosition() {
                return getBuffer().length();
            }

            @Override
            public String getBuffer() {
                return command + " " + word;
            }
        };
    }
}
