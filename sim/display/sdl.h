/*
 * sdl.h -- the console window (--display sdl): the guest's console as a text
 * grid, a status panel and buttons for the power and the faults.
 * docs/display.md is the manual; sim/display/sdl.c explains how it works.
 *
 * Built into the simscm binary only (not libsim.a), so nothing else links
 * SDL.  Use:
 *     struct display *d = display_sdl_open();    before the machine is built
 *     machine_build(&m, ...);                     with machine_opts.window_keys
 *     display_sdl_attach(d, &m);                  taps and the loop's hook
 *     machine_boot(&m); machine_run(&m);
 *     display_sdl_close(d);
 */
#ifndef SIMSCM_DISPLAY_SDL_H
#define SIMSCM_DISPLAY_SDL_H

struct display;
struct machine;

/* Open the window.  NULL after printing why (no display to open, no font):
 * the caller exits with EXIT_USAGE. */
struct display *display_sdl_open(void);
/* Show machine m: its console output, events and state; the run loop calls
 * the window between instructions (m->ui_tick). */
void display_sdl_attach(struct display *d, struct machine *m);
/* Detach from the machine and close the window (NULL: nothing). */
void display_sdl_close(struct display *d);

#endif
