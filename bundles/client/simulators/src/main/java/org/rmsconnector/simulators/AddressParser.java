package org.rmsconnector.simulators;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses an RFC 5322 address list (§3.4), the value of {@code To}, {@code Cc} or {@code From}: mailboxes
 * ({@code bob@contoso.com}, {@code "Smith, Bob" <bob@contoso.com>}), groups ({@code Team: a@x, b@x;},
 * {@code undisclosed-recipients:;}), comments anywhere ({@code bob@contoso.com (Bob)}, nested and escaped), quoted
 * strings with escapes, domain literals and the obsolete source route ({@code <@relay:bob@contoso.com>}).
 * Encoded words (RFC 2047) in display names are left as written; only addresses matter to the simulators.
 */
final class AddressParser {

    private enum Kind { WORD, QUOTED, SPECIAL }

    private record Token(Kind kind, String text) {
        boolean is(char c) {
            return kind == Kind.SPECIAL && text.charAt(0) == c;
        }
    }

    private final String input;
    private final List<Token> tokens;
    private int pos;

    private AddressParser(String input, List<Token> tokens) {
        this.input = input;
        this.tokens = tokens;
    }

    /** The mailboxes of {@code value}, group members flattened, in order; an empty value gives none. */
    static List<Mailbox> parse(String value) throws MailFormatException {
        AddressParser p = new AddressParser(value, tokenize(value));
        List<Mailbox> out = new ArrayList<>();
        while (p.pos < p.tokens.size()) {
            if (p.peek().is(',')) {
                p.pos++; // an empty list element, allowed by the obsolete syntax
                continue;
            }
            p.address(out);
            if (p.pos < p.tokens.size() && !p.next().is(',')) {
                throw p.error("expected ',' between addresses");
            }
        }
        return out;
    }

    private void address(List<Mailbox> out) throws MailFormatException {
        List<Token> phrase = phrase();
        Token t = pos < tokens.size() ? peek() : null;
        if (t != null && t.is(':')) {
            pos++;
            while (pos < tokens.size() && !peek().is(';')) {
                if (peek().is(',')) {
                    pos++;
                    continue;
                }
                out.add(mailbox(phrase()));
            }
            if (pos >= tokens.size()) {
                throw error("the group '" + text(phrase, true) + "' has no closing ';'");
            }
            pos++;
            return;
        }
        out.add(mailbox(phrase));
    }

    /** A mailbox whose leading words (display name, or the local part of an addr-spec) were already read. */
    private Mailbox mailbox(List<Token> phrase) throws MailFormatException {
        Token t = pos < tokens.size() ? peek() : null;
        if (t != null && t.is('<')) {
            pos++;
            String address = angleAddress();
            return new Mailbox(phrase.isEmpty() ? null : text(phrase, true), address);
        }
        if (t != null && t.is('@')) {
            pos++;
            if (phrase.isEmpty()) {
                throw error("an address without a local part before '@'");
            }
            return new Mailbox(null, addrSpec(phrase, phrase()));
        }
        throw error(phrase.isEmpty() ? "expected an address" : "'" + text(phrase, true) + "' is not an address "
                + "(no '@' and no <address>)");
    }

    private String angleAddress() throws MailFormatException {
        List<Token> inside = new ArrayList<>();
        while (pos < tokens.size() && !peek().is('>')) {
            inside.add(next());
        }
        if (pos >= tokens.size()) {
            throw error("'<' without a closing '>'");
        }
        pos++;
        // obs-route: <@relay1,@relay2:bob@contoso.com> names bob@contoso.com
        int colon = -1;
        for (int i = 0; i < inside.size(); i++) {
            if (inside.get(i).is(':')) {
                colon = i;
            }
        }
        List<Token> spec = inside.subList(colon + 1, inside.size());
        int at = -1;
        for (int i = 0; i < spec.size(); i++) {
            if (spec.get(i).is('@')) {
                at = i;
            }
        }
        if (at <= 0 || at == spec.size() - 1) {
            throw error("'<" + text(inside, false) + ">' is not an address (local@domain)");
        }
        return addrSpec(spec.subList(0, at), spec.subList(at + 1, spec.size()));
    }

    /** {@code local@domain}, each side words (or quoted strings) joined by single dots. */
    private String addrSpec(List<Token> local, List<Token> domain) throws MailFormatException {
        String address = text(local, false) + "@" + text(domain, false);
        if (!dotted(local) || !dotted(domain)) {
            throw error("'" + address + "' is not an address (local@domain)");
        }
        return address;
    }

    private static boolean dotted(List<Token> words) {
        if (words.isEmpty()) {
            return false;
        }
        for (int i = 0; i < words.size(); i++) {
            boolean dot = words.get(i).is('.');
            if (dot != (i % 2 == 1) || words.get(i).kind == Kind.SPECIAL && !dot) {
                return false;
            }
        }
        return words.size() % 2 == 1;
    }

    /** Words, quoted strings and dots up to the next other special. */
    private List<Token> phrase() {
        List<Token> words = new ArrayList<>();
        while (pos < tokens.size() && (peek().kind != Kind.SPECIAL || peek().is('.'))) {
            words.add(next());
        }
        return words;
    }

    /** A display name joins words with a space; an addr-spec part joins them as they are, quotes kept. */
    private static String text(List<Token> words, boolean display) {
        StringBuilder b = new StringBuilder();
        for (Token w : words) {
            if (display && b.length() > 0 && !w.is('.')) {
                b.append(' ');
            }
            if (!display && w.kind == Kind.QUOTED) {
                b.append('"').append(w.text.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            } else {
                b.append(w.text);
            }
        }
        return b.toString();
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        return tokens.get(pos++);
    }

    private MailFormatException error(String what) {
        return new MailFormatException(what + " in '" + input + "'");
    }

    private static List<Token> tokenize(String s) throws MailFormatException {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(') {
                i = skipComment(s, i);
            } else if (c == '"') {
                StringBuilder b = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw new MailFormatException("a quoted string without its closing '\"' in '" + s + "'");
                    }
                    char q = s.charAt(i++);
                    if (q == '"') {
                        break;
                    }
                    if (q == '\\' && i < n) {
                        q = s.charAt(i++);
                    }
                    b.append(q);
                }
                out.add(new Token(Kind.QUOTED, b.toString()));
            } else if (c == '[') {
                int close = s.indexOf(']', i);
                if (close < 0) {
                    throw new MailFormatException("a domain literal without its closing ']' in '" + s + "'");
                }
                out.add(new Token(Kind.WORD, s.substring(i, close + 1)));
                i = close + 1;
            } else if ("<>:;@,.".indexOf(c) >= 0) {
                out.add(new Token(Kind.SPECIAL, String.valueOf(c)));
                i++;
            } else if (c == ')' || c == ']' || c == '\\') {
                throw new MailFormatException("an unexpected '" + c + "' in '" + s + "'");
            } else {
                int start = i;
                while (i < n && !Character.isWhitespace(s.charAt(i)) && "()<>[]:;@\\,.\"".indexOf(s.charAt(i)) < 0) {
                    i++;
                }
                out.add(new Token(Kind.WORD, s.substring(start, i)));
            }
        }
        return out;
    }

    private static int skipComment(String s, int i) throws MailFormatException {
        int depth = 0;
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == '\\') {
                i++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        throw new MailFormatException("a comment without its closing ')' in '" + s + "'");
    }
}
