/*
 * cmd_config.c — `skjold config show`: every setting in effect and where it
 * came from (config.h), so an operator can see what `skjold serve` would
 * run with before starting it.  It takes serve's flags as well, so the
 * answer is the same as serve's for the same command line.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_config(struct cli *c)
{
	const char *sub = c->npos > 1 ? c->pos[1] : "";
	if (c->help || strcmp(sub, "show"))
		return c->help ? cli_usage("usage: skjold config show [--format text|json] [serve's flags]\n"
					   "  Every setting in effect (docs/configuration.md) with where it came from:\n"
					   "  default, file:LINE, env NAME or flag.  A database password is masked.\n"
					   "  text (the default) is itself a configuration file, each source in a comment.\n")
			       : err_setm(&c->e, ERR_INVALID, sub, "cli.config_usage", NULL);
	const char *format = cli_get(c, "format");
	if (format && strcmp(format, "json") && strcmp(format, "text"))
		return err_setm(&c->e, ERR_INVALID, "--format", "cli.config_format", "value", format, NULL);
	int rc = cli_config_flags(c);
	if (rc || (rc = cli_check_unused(c)))
		return rc;
	if (format && !strcmp(format, "json"))
		return cli_print(config_json(&c->cfg));
	return cli_print_text(config_text_dump(&c->cfg));
}
