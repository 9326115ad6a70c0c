package org.zeropipe.core.memory;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * malloc/free through FFM, and raw access to blocks for the model's own copies. Segments made
 * here have no lifetime checks; they never leave this package: users only see the scoped
 * segments of a {@link Mapping}.
 */
final class NativeMemory {

    private static final MethodHandle MALLOC;
    private static final MethodHandle FREE;

    static {
        MALLOC = downcall("malloc", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
        FREE = downcall("free", FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
    }

    @SuppressWarnings("restricted") // libc's malloc and free, with their C signatures
    private static MethodHandle downcall(String name, FunctionDescriptor descriptor) {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        return linker.downcallHandle(libc.find(name).orElseThrow(), descriptor);
    }

    private NativeMemory() {
    }

    /** Allocates {@code size} bytes (at least 1); throws OutOfMemoryError when malloc fails. */
    static long malloc(long size) {
        MemorySegment p;
        try {
            p = (MemorySegment) MALLOC.invokeExact(Math.max(size, 1L));
        } catch (Throwable t) {
            throw new IllegalStateException("malloc failed", t);
        }
        if (p.address() == 0) {
            throw new OutOfMemoryError("malloc(" + size + ") returned NULL");
        }
        return p.address();
    }

    static void free(long address) {
        try {
            FREE.invokeExact(MemorySegment.ofAddress(address));
        } catch (Throwable t) {
            throw new IllegalStateException("free failed", t);
        }
    }

    /** An unchecked segment over a block this package owns. */
    @SuppressWarnings("restricted")
    static MemorySegment segment(long address, long size) {
        return MemorySegment.ofAddress(address).reinterpret(size);
    }

    static void copy(long from, long to, long size) {
        if (size > 0) {
            MemorySegment.copy(segment(from, size), 0, segment(to, size), 0, size);
        }
    }

    static void zero(long address, long size) {
        if (size > 0) {
            segment(address, size).fill((byte) 0);
        }
    }
}
