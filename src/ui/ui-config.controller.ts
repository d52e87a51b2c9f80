import { Controller, Get, Inject } from '@nestjs/common';
import { APP_CONFIG } from '../config/app-config.module.js';
import type { AppConfig } from '../config/app-config.js';

export interface UiConfig {
  /** Whether POST /dev/token exists, so the pages show the dev sign-in button only when it works. */
  devSignIn: boolean;
}

/** What the static pages cannot know by themselves; asked once on load. */
@Controller('ui-config')
export class UiConfigController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  get(): UiConfig {
    return { devSignIn: this.config.devSignIn };
  }
}
