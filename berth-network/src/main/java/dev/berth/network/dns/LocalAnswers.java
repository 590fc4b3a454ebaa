package dev.berth.network.dns;

import dev.berth.core.network.NetworkNames;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * What a network's DNS server answers by itself, following dockerd's embedded resolver: A records
 * for the containers on the network (all of them, shuffled, for a shared alias), an empty NOERROR
 * for AAAA and MX of a known name (so that clients do not ask the world about a container), PTR
 * for a container's address. Everything else is for the upstream resolvers ({@code null}).
 * Stateless; thread-safe.
 */
final class LocalAnswers {
    /** dockerd's TTL for container records. */
    static final long TTL = 600;

    private final String networkId;
    private final NetworkNames names;

    LocalAnswers(String networkId, NetworkNames names) {
        this.networkId = networkId;
        this.names = names;
    }

    /** The reply to a query from {@code client} (an IPv4 address), or null when the query must be forwarded. */
    Message answer(Message query, String client) {
        Record question = query.getQuestion();
        if (question == null || question.getDClass() != DClass.IN) return null;
        String name = question.getName().toString();
        return switch (question.getType()) {
            case Type.A -> addresses(query, question, client);
            case Type.AAAA, Type.MX -> names.addressesOf(networkId, client, name).isEmpty() ? null : reply(query);
            case Type.PTR -> pointer(query, question, client);
            default -> null;
        };
    }

    private Message addresses(Message query, Record question, String client) {
        List<String> found = new ArrayList<>(names.addressesOf(networkId, client, question.getName().toString()));
        if (found.isEmpty()) return null;
        Collections.shuffle(found); // round robin, as dockerd does for several containers behind one alias
        Message reply = reply(query);
        for (String address : found) {
            reply.addRecord(new ARecord(question.getName(), DClass.IN, TTL, inet(address)), Section.ANSWER);
        }
        return reply;
    }

    private Message pointer(Message query, Record question, String client) {
        String address = reverseAddress(question.getName());
        if (address == null) return null;
        String target = names.nameOf(networkId, client, address);
        if (target == null) return null;
        Message reply = reply(query);
        try {
            reply.addRecord(new PTRRecord(question.getName(), DClass.IN, TTL, Name.fromString(target + ".")), Section.ANSWER);
        } catch (TextParseException e) {
            return null; // a container name that is no DNS name: let upstream say it does not exist
        }
        return reply;
    }

    /** {@code 4.3.2.1.in-addr.arpa.} → {@code 1.2.3.4}; null for anything else. */
    static String reverseAddress(Name name) {
        String text = name.toString().toLowerCase(java.util.Locale.ROOT);
        String suffix = ".in-addr.arpa.";
        if (!text.endsWith(suffix)) return null;
        String[] parts = text.substring(0, text.length() - suffix.length()).split("\\.");
        if (parts.length != 4) return null;
        StringBuilder out = new StringBuilder();
        for (int i = 3; i >= 0; i--) {
            if (!parts[i].matches("\\d{1,3}") || Integer.parseInt(parts[i]) > 255) return null;
            out.append(parts[i]).append(i > 0 ? "." : "");
        }
        return out.toString();
    }

    /** An empty NOERROR reply to {@code query}: same id, question and RD, recursion available. */
    static Message reply(Message query) {
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setFlag(Flags.RA);
        if (query.getHeader().getFlag(Flags.RD)) reply.getHeader().setFlag(Flags.RD);
        reply.getHeader().setOpcode(query.getHeader().getOpcode());
        if (query.getQuestion() != null) reply.addRecord(query.getQuestion(), Section.QUESTION);
        return reply;
    }

    static Message failure(Message query, int rcode) {
        Message reply = reply(query);
        reply.getHeader().setRcode(rcode);
        return reply;
    }

    static Message serverFailure(Message query) { return failure(query, Rcode.SERVFAIL); }

    private static InetAddress inet(String dotted) {
        try {
            return InetAddress.getByName(dotted); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalStateException("not an address: " + dotted, e);
        }
    }
}
