package org.rmsconnector.guard.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@value #PID}: the administrator and how the administration surface is guarded. */
@ObjectClassDefinition(name = "RMS Connector - Administration guard",
        description = "The administrator of the Web Console and the admin REST API, the delay that slows password "
                + "guessing, and the paths kept on HTTPS and same-origin. PID org.rmsconnector.guard.")
@interface GuardConfiguration {
    String PID = "org.rmsconnector.guard";

    @AttributeDefinition(name = "Administrator", description = "The administrator's user name.")
    String user() default "admin";

    /** {@code .password}: a private property, so the value is never a service property nor shown by the console. */
    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD,
            description = "secret:NAME reads the file NAME in the secrets folder (data/); the default is "
                    + "secret:console-password. Otherwise plain text or hashed as "
                    + "{sha-256}salt-iterations-base64(hash). Empty or unreadable: nobody gets in.")
    String _password() default "secret:console-password";

    @AttributeDefinition(name = "Free failures", min = "0", max = "100",
            description = "Failed logins in a row, per source address and per user, that cost nothing.")
    int free_failures() default 5;

    @AttributeDefinition(name = "First delay (ms)", min = "1",
            description = "The wait after the first failure past the free ones; it doubles with each further one.")
    long first_delay_ms() default 1000;

    @AttributeDefinition(name = "Longest delay per source (s)", min = "1",
            description = "The longest wait imposed on one source address.")
    long max_source_delay_seconds() default 900;

    @AttributeDefinition(name = "Longest delay per user (s)", min = "1",
            description = "The longest wait imposed on one user name, from any address. Short, so that guessing "
                    + "from many addresses cannot lock the administrator out for long.")
    long max_user_delay_seconds() default 60;

    @AttributeDefinition(name = "Forget after (s)", min = "1",
            description = "A count of failures with no new failure for this long starts again from zero.")
    long forget_after_seconds() default 900;

    @AttributeDefinition(name = "Guarded paths",
            description = "Path prefixes answered on HTTPS only, refused to cross-site changes, and sent with the "
                    + "anti-framing headers.")
    String[] guarded_paths() default {"/system/console", "/admin/api"};

    @AttributeDefinition(name = "Open paths",
            description = "Path prefixes inside the guarded ones that GET and HEAD may read over plain HTTP too "
                    + "(what on-premises servers fetch without credentials).")
    String[] open_paths() default {"/admin/api/server-configuration"};
}
