package org.zeropipe.core.buffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.zeropipe.core.trace.CopyCounter;
import org.zeropipe.core.trace.CopyReason;

/** BufferList: ownership of its buffers and writability through the list. */
class BufferListTest {

    @Test
    void aListOwnsTheBuffersAddedToIt() {
        BufferList list = BufferList.create();
        Buffer a = Buffer.allocate(10);
        Buffer b = Buffer.allocate(20);
        list.add(a);
        list.insert(0, b);
        assertEquals(2, list.length());
        assertSame(b, list.get(0));
        assertSame(a, list.get(1));
        assertEquals(30, list.calculateSize());
        List<Buffer> seen = new ArrayList<>();
        list.forEach(seen::add);
        assertEquals(List.of(b, a), seen);
        assertEquals(1, a.refCount());
        list.unref();
        assertEquals(0, a.refCount());
        assertEquals(0, b.refCount());
    }

    @Test
    void aBufferInASharedListIsNotWritable() {
        BufferList list = BufferList.create();
        list.add(Buffer.allocate(4));
        Buffer b = list.get(0);
        assertTrue(b.isWritable());
        list.ref();
        assertFalse(b.isWritable(), "two owners of the list see it");
        assertThrows(IllegalStateException.class, () -> b.setPts(1));
        Buffer extra = Buffer.create();
        assertThrows(IllegalStateException.class, () -> list.add(extra));
        extra.unref(); // on failure the caller keeps its reference
        assertThrows(IllegalStateException.class, () -> list.getWritable(0));
        BufferList mine = list.makeWritable();
        assertNotSame(list, mine);
        assertFalse(b.isWritable(), "both lists hold it");
        Buffer w = mine.getWritable(0);
        assertNotSame(b, w);
        assertTrue(w.isWritable());
        w.setPts(5);
        assertEquals(ClockTime.NONE, list.get(0).pts());
        mine.unref();
        assertTrue(b.isWritable());
        list.unref();
    }

    @Test
    void copiesShareBuffersAndDeepCopiesCopyBytes() {
        BufferList list = BufferList.create(1);
        Buffer b = Buffer.allocate(4);
        b.fill(0, new byte[] {1, 2, 3, 4});
        list.add(b);
        BufferList copy = list.copy();
        assertSame(b, copy.get(0));
        assertEquals(2, b.refCount());
        try (CopyCounter copies = CopyCounter.attach()) {
            BufferList deep = list.copyDeep();
            assertNotSame(b, deep.get(0));
            assertArrayEquals(new byte[] {1, 2, 3, 4}, deep.get(0).extractBytes(0, -1));
            assertEquals(4, copies.bytes(CopyReason.DEEP_COPY));
            deep.unref();
        }
        copy.unref();
        list.unref();
    }

    @Test
    void aBufferInTwoListsIsWritableAgainWhenOneLetsGo() {
        BufferList a = BufferList.create();
        BufferList b = BufferList.create();
        Buffer buffer = Buffer.allocate(1);
        a.add(buffer);
        b.add(buffer.ref());
        assertFalse(buffer.isWritable());
        a.remove(0, 1);
        assertTrue(buffer.isWritable(), "only b holds it, and b is writable");
        b.ref();
        assertFalse(buffer.isWritable());
        b.unref();
        b.unref();
        a.unref();
    }

    @Test
    void removeGivesBackTheListsReferences() {
        BufferList list = BufferList.create();
        for (int i = 0; i < 4; i++) {
            list.add(Buffer.allocate(1));
        }
        Buffer kept = list.get(3).ref();
        list.remove(1, 3);
        assertEquals(1, list.length());
        assertEquals(1, kept.refCount());
        assertTrue(kept.isWritable(), "no longer in the list");
        assertThrows(IndexOutOfBoundsException.class, () -> list.remove(0, 2));
        kept.unref();
        list.unref();
    }

    @Test
    void misuseOfAListThrows() {
        BufferList list = BufferList.create();
        Buffer extra = Buffer.create();
        assertThrows(IndexOutOfBoundsException.class, () -> list.insert(2, extra));
        extra.unref();
        Buffer released = Buffer.create();
        released.unref();
        assertThrows(IllegalStateException.class, () -> list.add(released));
        list.unref();
        IllegalStateException e = assertThrows(IllegalStateException.class, list::unref);
        assertTrue(e.getMessage().contains("double release"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> list.get(0));
    }
}
