package org.rmsconnector.authorization.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.rmsconnector.api.policy.AuthorizedServer;
import org.rmsconnector.api.workload.Workload;

class AccountNameTest {
    private static final Map<String, String> ALIASES = Map.of("corp", "corp.contoso.com");

    @ParameterizedTest(name = "{0} ~ {1} : {2}")
    @CsvSource(delimiter = '|', textBlock = """
            alice@contoso.com     | ALICE@Contoso.COM      | true
            alice@contoso.com     | CONTOSO\\alice          | true
            alice@contoso.com     | alice                  | true
            '  alice  '           | alice                  | true
            alice@contoso.com     | alice@fabrikam.com     | false
            alice@contoso.com     | FABRIKAM\\alice         | false
            CONTOSO\\alice         | contoso\\ALICE          | true
            CONTOSO\\alice         | FABRIKAM\\alice         | false
            CORP\\alice            | alice@corp.contoso.com | true
            CORP\\alice            | alice@corp.com         | false
            alice@contoso.com     | bob@contoso.com        | false
            alice                 | alicia                 | false
            EXCH01$               | exch01$                | true
            EXCH01$               | EXCH01                 | false
            'CN=RMS Servers,OU=Groups,DC=contoso,DC=com' | 'cn=rms servers, ou=groups, dc=Contoso, dc=COM' | true
            'CN=RMS Servers,OU=Groups,DC=contoso,DC=com' | 'CN=RMS Servers,OU=Groups,DC=fabrikam,DC=com' | false
            'CN=RMS Servers,OU=Groups,DC=contoso,DC=com' | RMS Servers | false
            """)
    void matching(String a, String b, boolean expected) {
        AccountName x = AccountName.parse(a);
        AccountName y = AccountName.parse(b);
        assertEquals(expected, x.matches(y, ALIASES), a + " vs " + b);
        assertEquals(expected, y.matches(x, ALIASES), "symmetric: " + b + " vs " + a);
    }

    @ParameterizedTest(name = "computer entry {0}")
    @CsvSource(delimiter = '|', textBlock = """
            EXCH01              | false
            EXCH01$             | false
            exch01$             | false
            CONTOSO\\EXCH01     | true
            CONTOSO\\EXCH01$    | true
            exch01.contoso.com  | true
            EXCH01$@contoso.com | true
            """)
    void computerEntriesNameTheComputerAccount(String written, boolean namesDomain) {
        AccountName entry = AccountName.ofEntry(new AuthorizedServer(written, AuthorizedServer.Kind.COMPUTER,
                Workload.EXCHANGE));
        assertEquals(true, entry.matches(AccountName.parse("EXCH01$"), Map.of()), written);
        assertEquals(true, entry.matches(AccountName.parse("EXCH01$@contoso.com"), Map.of()), written);
        assertEquals(false, entry.matches(AccountName.parse("EXCH02$"), Map.of()), written);
        // a bare name matches in any domain; one that names its domain only in that domain
        assertEquals(!namesDomain, entry.matches(AccountName.parse("EXCH01$@fabrikam.com"), Map.of()), written);
    }

    @Test
    void anAccountEntryIsTakenAsWritten() {
        AccountName entry = AccountName.ofEntry(new AuthorizedServer("EXCH01", AuthorizedServer.Kind.ACCOUNT,
                Workload.EXCHANGE));
        assertEquals(false, entry.matches(AccountName.parse("EXCH01$"), Map.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "CONTOSO\\", "@contoso.com"})
    void aNameWithoutItsNamePartIsRefused(String text) {
        assertThrows(IllegalArgumentException.class, () -> AccountName.parse(text));
    }
}
