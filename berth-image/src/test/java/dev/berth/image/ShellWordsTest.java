package dev.berth.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShellWordsTest {
    private final Map<String, String> env = Map.of("FOO", "bar", "EMPTY", "", "SP", "a b");
    private final ShellWords words = new ShellWords('\\', env::get);

    @Test
    void expandsThePlainAndBracedForms() {
        assertThat(words.word("$FOO/${FOO}x")).isEqualTo("bar/barx");
        assertThat(words.word("$MISSING-${MISSING}")).isEqualTo("-");
        assertThat(words.word("cost: $ 5 and $")).isEqualTo("cost: $ 5 and $");
    }

    @Test
    void defaultsAndAlternatives() {
        assertThat(words.word("${MISSING:-dflt}")).isEqualTo("dflt");
        assertThat(words.word("${EMPTY:-dflt}")).isEqualTo("dflt");
        assertThat(words.word("${EMPTY-dflt}")).isEqualTo("");
        assertThat(words.word("${FOO:-dflt}")).isEqualTo("bar");
        assertThat(words.word("${FOO:+alt}")).isEqualTo("alt");
        assertThat(words.word("${EMPTY:+alt}")).isEqualTo("");
        assertThat(words.word("${EMPTY+alt}")).isEqualTo("alt");
        assertThat(words.word("${MISSING:-$FOO}")).isEqualTo("bar");
    }

    @Test
    void quotesAndEscapes() {
        assertThat(words.word("'$FOO'")).isEqualTo("$FOO");
        assertThat(words.word("\"$FOO x\"")).isEqualTo("bar x");
        assertThat(words.word("\\$FOO")).isEqualTo("$FOO");
        assertThat(words.word("\"a\\\"b\\n\"")).isEqualTo("a\"b\\n");
        assertThat(new ShellWords('`', env::get).word("`$FOO c:\\x")).isEqualTo("$FOO c:\\x");
    }

    @Test
    void wordsSplitOnUnquotedWhitespaceOnly() {
        assertThat(words.words("a \"b c\" $SP 'd e'")).isEqualTo(List.of("a", "b c", "a b", "d e"));
    }

    @Test
    void literalExpandsNothingAndEscapesAnythingInDoubleQuotes() {
        assertThat(ShellWords.LITERAL.words("$FOO '${FOO}' \\$x \"a\\nb\"")).isEqualTo(List.of("$FOO", "${FOO}", "$x", "anb"));
    }

    @Test
    void unterminatedQuoteIsAnError() {
        assertThatThrownBy(() -> words.word("\"abc")).isInstanceOf(BerthException.InvalidArgument.class);
    }
}
