import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CategoryDto } from '@xc/shared';
import { Public, Roles } from '../auth/auth.decorators.js';
import { CategoriesService } from './categories.service.js';
import { CreateCategoryDto, UpdateCategoryDto } from './dto/categories.dto.js';

@ApiTags('reference')
@Controller()
export class CategoriesController {
  constructor(private readonly categories: CategoriesService) {}

  @Public()
  @Get('v1/categories')
  tree(): Promise<CategoryDto[]> {
    return this.categories.tree();
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Post('v1/admin/categories')
  create(@Body() dto: CreateCategoryDto): Promise<CategoryDto> {
    return this.categories.create(dto);
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Patch('v1/admin/categories/:code')
  update(@Param('code') code: string, @Body() dto: UpdateCategoryDto): Promise<CategoryDto> {
    return this.categories.update(code, dto);
  }
}
