package org.rmsconnector.kerberos.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class KerberosAccountsTest {

    @Test
    void aComputerAccountIsHostDollarAsACertificateNamesIt() {
        assertEquals("EXCH01$", KerberosAccounts.account("EXCH01$@CONTOSO.COM"));
        assertEquals("EXCH01$", KerberosAccounts.account("exch01$@CONTOSO.COM"));
    }

    @Test
    void aHostPrincipalIsItsComputerAccount() {
        assertEquals("FS01$", KerberosAccounts.account("host/fs01.contoso.com@CONTOSO.COM"));
        assertEquals("FS01$", KerberosAccounts.account("HOST/fs01@CONTOSO.COM"));
    }

    @Test
    void aUserIsNamedAsItsDefaultUpn() {
        assertEquals("svc-sharepoint@contoso.com", KerberosAccounts.account("svc-sharepoint@CONTOSO.COM"));
    }

    @Test
    void anEnterprisePrincipalIsItsUpn() {
        assertEquals("alice@fabrikam.com", KerberosAccounts.account("alice\\@fabrikam.com@CONTOSO.COM"));
    }

    @Test
    void anotherServicePrincipalKeepsItsName() {
        assertEquals("HTTP/web01.contoso.com@contoso.com", KerberosAccounts.account("HTTP/web01.contoso.com@CONTOSO.COM"));
    }
}
