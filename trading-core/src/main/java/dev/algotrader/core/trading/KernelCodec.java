package dev.algotrader.core.trading;

import dev.algotrader.schema.Order;
import dev.algotrader.schema.OrderType;
import dev.algotrader.schema.Side;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Shared pieces of the kernel state's binary snapshot format ({@link KernelState#snapshot()}). */
final class KernelCodec {

    private KernelCodec() {}

    /** A non-negative element count; a negative one means corrupt bytes. */
    static int count(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1 << 24) {
            throw new IllegalArgumentException("corrupt kernel state snapshot (count " + n + ")");
        }
        return n;
    }

    /** Enums are written by name, so reordering their constants keeps snapshots readable. */
    static <E extends Enum<E>> E of(Class<E> type, String name) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "kernel state snapshot holds an unknown " + type.getSimpleName() + " " + name);
        }
    }

    static void writeNullable(DataOutput out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) out.writeUTF(s);
    }

    static String readNullable(DataInput in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    static void writeOrder(DataOutput out, Order o) throws IOException {
        out.writeUTF(o.runId());
        out.writeUTF(o.clientOrderId());
        out.writeUTF(o.symbol());
        out.writeLong(o.decisionTs());
        out.writeUTF(o.side().name());
        out.writeUTF(o.type().name());
        out.writeDouble(o.quantity());
        out.writeDouble(o.limitPrice());
        out.writeDouble(o.stopPrice());
        writeNullable(out, o.reason());
    }

    static Order readOrder(DataInput in) throws IOException {
        return new Order(
                in.readUTF(),
                in.readUTF(),
                in.readUTF(),
                in.readLong(),
                of(Side.class, in.readUTF()),
                of(OrderType.class, in.readUTF()),
                in.readDouble(),
                in.readDouble(),
                in.readDouble(),
                readNullable(in));
    }
}
