package org.rmsconnector.simulators;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An FCI classification rule: which files of a folder it selects. A file is selected when its name matches one
 * of the include globs (if any are given) <em>and</em> the content pattern is found in its text (if one is given).
 * A glob without {@code /} is matched against the file name ({@code *.docx} selects {@code a/b/x.docx}); one with
 * {@code /} against the path relative to the folder ({@code finance/**.xlsx}). The content pattern is a Java
 * regular expression, searched (not matched as a whole) in the text {@link DocumentText} extracts.
 */
public final class ClassificationRule {

    private record Glob(String text, PathMatcher matcher, boolean wholePath) {
    }

    private final List<Glob> includes;
    private final Pattern content;

    private ClassificationRule(List<Glob> includes, Pattern content) {
        this.includes = List.copyOf(includes);
        this.content = content;
    }

    /**
     * A rule from include globs (possibly none) and a content regular expression (possibly null); at least one
     * of the two.
     *
     * @throws IllegalArgumentException naming the bad glob or expression
     */
    public static ClassificationRule of(List<String> includeGlobs, String contentRegex) {
        List<Glob> globs = new ArrayList<>();
        for (String g : includeGlobs == null ? List.<String>of() : includeGlobs) {
            if (g == null || g.isBlank()) {
                throw new IllegalArgumentException("an include glob is empty");
            }
            try {
                globs.add(new Glob(g, FileSystems.getDefault().getPathMatcher("glob:" + g), g.contains("/")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("include glob '" + g + "' is not a glob: " + e.getMessage(), e);
            }
        }
        Pattern p = null;
        if (contentRegex != null) {
            if (contentRegex.isEmpty()) {
                throw new IllegalArgumentException("the content pattern is empty; it would select every file");
            }
            try {
                p = Pattern.compile(contentRegex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("content pattern '" + contentRegex + "' is not a regular "
                        + "expression: " + e.getDescription() + " near index " + e.getIndex(), e);
            }
        }
        if (globs.isEmpty() && p == null) {
            throw new IllegalArgumentException("a rule needs a content pattern, an include glob, or both");
        }
        return new ClassificationRule(globs, p);
    }

    /** Whether the rule looks into the content (and the text must be read). */
    public boolean needsContent() {
        return content != null;
    }

    /** Whether the name selects the file; {@code relative} is its path under the folder. */
    public boolean selectsName(Path relative) {
        if (includes.isEmpty()) {
            return true;
        }
        for (Glob g : includes) {
            if (g.matcher().matches(g.wholePath() ? relative : relative.getFileName())) {
                return true;
            }
        }
        return false;
    }

    /** Whether the content selects the file: the pattern occurs in {@code text} (true without a pattern). */
    public boolean selectsText(CharSequence text) {
        return content == null || content.matcher(text).find();
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        includes.forEach(g -> parts.add("include " + g.text()));
        if (content != null) {
            parts.add("content /" + content.pattern() + "/");
        }
        return String.join(" and ", parts);
    }
}
