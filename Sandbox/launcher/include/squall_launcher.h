#pragma once
/* placeholder */
int squall_launcher_placeholder(void);
