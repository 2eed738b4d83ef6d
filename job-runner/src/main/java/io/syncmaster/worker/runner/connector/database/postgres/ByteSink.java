package io.syncmaster.worker.runner.connector.database.postgres;

import java.util.Arrays;

/** A growable byte buffer that COPY text rows are encoded into before being handed to the driver in large chunks. */
public final class ByteSink {
    private byte[] bytes;
    private int size;

    public ByteSink(int capacity) {
        bytes = new byte[capacity];
    }

    public int size() {
        return size;
    }

    public byte[] array() {
        return bytes;
    }

    public void reset() {
        size = 0;
    }

    void write(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    public void write(byte[] data, int offset, int length) {
        ensure(length);
        System.arraycopy(data, offset, bytes, size, length);
        size += length;
    }

    /** Appends ASCII text (numbers, dates): one byte per char. */
    void writeAscii(CharSequence text) {
        int length = text.length();
        ensure(length);
        for (int i = 0; i < length; i++) {
            bytes[size++] = (byte) text.charAt(i);
        }
    }

    /** Appends a non-negative number left-padded with zeros to {@code width} digits. */
    void writePadded(long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            write('0');
        }
        writeAscii(digits);
    }

    /**
     * Appends UTF-8 text escaped for COPY's text format: backslash, newline, carriage return and tab become
     * backslash sequences. Safe on UTF-8 because these ASCII bytes never occur inside multi-byte characters.
     */
    void writeEscaped(byte[] utf8) {
        ensure(utf8.length);
        for (byte b : utf8) {
            switch (b) {
                case '\\' -> { write('\\'); write('\\'); }
                case '\n' -> { write('\\'); write('n'); }
                case '\r' -> { write('\\'); write('r'); }
                case '\t' -> { write('\\'); write('t'); }
                default -> write(b);
            }
        }
    }

    private void ensure(int extra) {
        if (size + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
        }
    }
}
