/* main.c — the `mrt` command line (placeholder until cli.c lands). */
#include <stdio.h>

int main(void)
{
	printf("mrt %s\n", MRT_VERSION);
	return 0;
}
