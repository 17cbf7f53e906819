/*
 * audit_syslog.h — forward audit entries by syslog as they are written
 * (RFC 5424 messages over UDP, TCP with RFC 6587 octet counting, or a Unix
 * datagram socket), each once its transaction has committed.
 *
 * Forwarding never fails, rolls back or holds up a write: a message that
 * cannot be sent at once is dropped and counted, a failure is logged once
 * per burst (and the end of the burst with the count lost), and after a
 * failure the target is left alone for a while before the next try.  The
 * message is the entry as a CEF record or a JSON object (audit_format.h).
 */
#ifndef SKJOLD_AUDIT_SYSLOG_H
#define SKJOLD_AUDIT_SYSLOG_H

#include <stddef.h>
#include <stdint.h>

#include "audit_format.h"
#include "buf.h"
#include "err.h"
#include "store/store.h"

enum audit_syslog_transport { AUDIT_SYSLOG_UDP, AUDIT_SYSLOG_TCP, AUDIT_SYSLOG_UNIX };

struct audit_syslog_target {
	enum audit_syslog_transport transport;
	char host[256]; /* UDP, TCP: a name or address ([…] around IPv6 stripped) */
	char port[8];
	char path[108]; /* Unix: the socket */
};

/* "udp://host:port", "tcp://host:port" or "unix:/path"; ERR_INVALID with why (a phrase) otherwise. */
int audit_syslog_target_parse(const char *url, struct audit_syslog_target *t, char *why, size_t why_len);
/* A facility name (kern, user, … authpriv, local0 … local7) to its number; ERR_INVALID otherwise. */
int audit_syslog_facility_parse(const char *name, int *facility);
/* "cef" or "json"; ERR_INVALID otherwise. */
int audit_syslog_format_parse(const char *name, enum audit_format *f);

/*
 * The RFC 5424 message of x, without framing: "<PRI>1 TIMESTAMP HOSTNAME
 * skjold PROCID MSGID - MSG", PRI = facility * 8 + severity (the CEF
 * severity 7, 5, 3 as warning 4, notice 5, informational 6), TIMESTAMP the
 * entry's instant in Copenhagen time with milliseconds and offset, MSGID the
 * action (printable ASCII, at most 32), MSG the entry in format f.
 */
void audit_syslog_message(const struct audit_entry *x, int facility, enum audit_format f, const char *hostname,
			  long pid, struct buf *out);

/*
 * Forward from now on: parse the settings (ERR_INVALID naming the setting
 * when one is bad) and hook the store's commits (store_audit_hook_set).
 * Nothing is connected yet; the first entry does that.  Call once, before
 * any thread starts.
 */
int audit_syslog_start(const char *url, const char *format, const char *facility, struct errinfo *e);

/* Messages sent and dropped since the start. */
void audit_syslog_counts(uint64_t *sent, uint64_t *dropped);

#endif
