/*
 * main.c — argument dispatch only: parse the global options, find the
 * command, run it, turn its result into the exit status (cli_fail).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
	"skjold — operational resilience and cyber-risk (NIS2 / ISO 27005)\n"
	"\n"
	"usage: skjold [--config FILE] [--db PATH] [--now INSTANT] [--actor NAME] [--lang da|en] COMMAND …\n"
	"       (--help on every command)\n"
	"\n"
	"  org add|update|show|list|delete          organisations (tenants)\n"
	"  node add|update|show|list|delete|carry-forward   the dependency map's nodes\n"
	"  edge add|update|show|list|delete         dependencies (from depends on to; groups = redundancy)\n"
	"  threat add|update|show|list|delete|catalogue|load-defaults   the threat catalogue\n"
	"  risk add|update|show|list|delete         risk scenarios and their treatment decision\n"
	"  measure add|update|show|list|delete      measures with owner, due date, status, effect\n"
	"  change add|show|list|delete              major changes and incidents that trigger a review\n"
	"  impact NODE --org ID                     what fails if NODE fails\n"
	"  spof --org ID                            single points of failure of critical processes\n"
	"  overview --org ID                        the risk overview\n"
	"  followup --org ID                        what is overdue and whom to escalate to\n"
	"  report isu|management --org ID           the ISU and management reports (json|md|html)\n"
	"  register --org ID [--format csv|json]    the risk register\n"
	"  tables show|set --org ID                 the rule tables (matrix, likelihood, review, treatment)\n"
	"  import FILE | export [--org ID]          the organisation document (docs/orgdoc.md)\n"
	"  import-csv nodes|edges|risks FILE        spreadsheets (';' or ',' separated, UTF-8)\n"
	"  import-kitos --org ID FILE|DIR           systems and suppliers from a KITOS export (docs/kitos.md)\n"
	"  audit verify | audit log                 the hash-chained audit trail\n"
	"  audit export --since T --format F        the trail for a SIEM, F jsonl or cef (docs/operations.md)\n"
	"  db checksum | db dump                    the logical content, the same on every backend\n"
	"  incident assess FILE|- [--batch F.jsonl] classify an incident under PSD2 (DK 2018), DORA, NIS2, GDPR\n"
	"  incident add|update|show|list|submit     stored incidents, their timeline and submissions\n"
	"  deadlines [--org ID]                     every open reporting obligation, overdue first\n"
	"  serve [--listen ADDR:PORT]               the HTTP API and web UI (docs/api.md)\n"
	"  backup FILE | restore FILE [--force]     a checked copy of the whole database, also while\n"
	"                                           serve runs, and its restore (docs/operations.md)\n"
	"  migrate --to TARGET                      copy the whole database into an empty one of either\n"
	"                                           backend, checked table by table (docs/operations.md)\n"
	"  config show [--format json]              every setting in effect and where it came from\n"
	"  user add|list|reset|role|totp-off        the server's users and their roles per organisation\n"
	"  token add|list|revoke                    API tokens for scripts\n"
	"  webhook add|list|show|remove|deliveries|deliver|test   signed HTTP notifications of events\n"
	"                                           (docs/webhooks.md)\n"
	"  forum …                                  the sector forum: members, sharing (TLP), sector map\n"
	"                                           analyses, crises, risks, red-team, baseline, survey\n"
	"  roi …                                    the DORA Register of Information: check, export and import\n"
	"                                           the EBA xBRL-CSV package (docs/roi.md)\n"
	"\n"
	"  --config FILE  the configuration file (default /etc/skjold/skjold.conf, or $SKJOLD_CONFIG;\n"
	"                 docs/configuration.md)\n"
	"  --db PATH      the database (default skjold.db, or $SKJOLD_DB, or [database] path): a SQLite file,\n"
	"                 or PostgreSQL as postgresql://USER@HOST/DB or 'host=… dbname=…'\n"
	"  --now INSTANT  evaluate as of this date or instant (reproducible date logic)\n"
	"  --actor NAME   who is recorded in the audit log (default $USER@cli, or $SKJOLD_ACTOR, or [cli] actor)\n"
	"  --lang da|en   the language of texts and messages (default: Danish when $LANG starts with da, else\n"
	"                 English); JSON keys stay English\n"
	"  --syslog URL   forward each audit entry by syslog once written: udp://HOST:PORT, tcp://HOST:PORT or\n"
	"                 unix:/PATH (or $SKJOLD_SYSLOG, or [audit] syslog; --syslog-format, --syslog-facility)\n"
	"Output is JSON on stdout; errors go to stderr; exit 0 ok, 1 failed check, 2 bad input.\n";

int main(int argc, char **argv)
{
	struct cli c;
	memset(&c, 0, sizeof c);
	arena_init(&c.a);
	int rc = cli_parse(&c, argc, argv);
	int status;
	const char *cmd = c.npos ? c.pos[0] : NULL;
	if (rc) {
		status = cli_fail(&c, rc);
	} else if (!cmd) {
		fputs(usage, c.help ? stdout : stderr);
		status = c.help ? 0 : 2;
	} else {
		const char *sub = c.npos > 1 ? c.pos[1] : "";
		if (!strcmp(cmd, "org") || !strcmp(cmd, "node") || !strcmp(cmd, "edge") || !strcmp(cmd, "risk") ||
		    !strcmp(cmd, "measure") || !strcmp(cmd, "change"))
			rc = cmd_object(&c, cmd);
		else if (!strcmp(cmd, "threat"))
			rc = !strcmp(sub, "catalogue") || !strcmp(sub, "load-defaults") ? cmd_threat_catalogue(&c)
											 : cmd_object(&c, cmd);
		else if (!strcmp(cmd, "import"))
			rc = cmd_import(&c);
		else if (!strcmp(cmd, "export"))
			rc = cmd_export(&c);
		else if (!strcmp(cmd, "import-csv"))
			rc = cmd_import_csv(&c);
		else if (!strcmp(cmd, "import-kitos"))
			rc = cmd_import_kitos(&c);
		else if (!strcmp(cmd, "register"))
			rc = cmd_register(&c);
		else if (!strcmp(cmd, "impact"))
			rc = cmd_impact(&c);
		else if (!strcmp(cmd, "spof"))
			rc = cmd_spof(&c);
		else if (!strcmp(cmd, "overview"))
			rc = cmd_overview(&c);
		else if (!strcmp(cmd, "followup"))
			rc = cmd_followup(&c);
		else if (!strcmp(cmd, "report"))
			rc = cmd_report(&c);
		else if (!strcmp(cmd, "tables"))
			rc = cmd_tables(&c);
		else if (!strcmp(cmd, "audit"))
			rc = cmd_audit(&c);
		else if (!strcmp(cmd, "incident"))
			rc = !strcmp(sub, "assess") ? cmd_incident_assess(&c) : cmd_incident(&c);
		else if (!strcmp(cmd, "deadlines"))
			rc = cmd_deadlines(&c);
		else if (!strcmp(cmd, "serve"))
			rc = cmd_serve(&c);
		else if (!strcmp(cmd, "user"))
			rc = cmd_user(&c);
		else if (!strcmp(cmd, "token"))
			rc = cmd_token(&c);
		else if (!strcmp(cmd, "forum"))
			rc = cmd_forum(&c);
		else if (!strcmp(cmd, "roi"))
			rc = cmd_roi(&c);
		else if (!strcmp(cmd, "backup") || !strcmp(cmd, "restore"))
			rc = cmd_backup(&c);
		else if (!strcmp(cmd, "config"))
			rc = cmd_config(&c);
		else if (!strcmp(cmd, "db"))
			rc = cmd_db(&c);
		else if (!strcmp(cmd, "migrate"))
			rc = cmd_migrate(&c);
		else if (!strcmp(cmd, "webhook"))
			rc = cmd_webhook(&c);
		else
			rc = err_setm(&c.e, ERR_INVALID, cmd, "cli.unknown_command", "command", cmd, NULL);
		/* A command returns an exit status (>= 0) or an error (< 0). */
		status = rc < 0 ? cli_fail(&c, rc) : rc;
	}
	store_close(c.st);
	arena_free(&c.a);
	return status;
}
