package org.rmsconnector.protocol;

/**
 * A usage right, named as the reference service names them on the wire.
 * OWNER implies every other right.
 */
public enum Right {
    VIEW, EDIT, DOCEDIT, PRINT, EXTRACT, EXPORT, REPLY, REPLYALL, FORWARD,
    VIEWRIGHTSDATA, EDITRIGHTSDATA, OBJMODEL, OWNER
}
