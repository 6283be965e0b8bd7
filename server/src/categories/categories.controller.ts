import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CategoryDto } from '@xc/shared';
import { Public, Roles } from '../auth/auth.decorators.js';
import { CategoriesService } from './categories.service.js';
import { CreateCategoryDto, UpdateCategoryDto } from './dto/categories.dto.js';
import { Answers } from '../common/openapi.js';

@ApiTags('reference')
@Controller()
export class CategoriesController {
  constructor(private readonly categories: CategoriesService) {}

  @Public()
  @Get('v1/categories')
  @Answers(['CategoryDto'])
  tree(): Promise<CategoryDto[]> {
    return this.categories.tree();
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Post('v1/admin/categories')
  @Answers('CategoryDto', { status: 201 })
  create(@Body() dto: CreateCategoryDto): Promise<CategoryDto> {
    return this.categories.create(dto);
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Patch('v1/admin/categories/:code')
  @Answers('CategoryDto')
  update(@Param('code') code: string, @Body() dto: UpdateCategoryDto): Promise<CategoryDto> {
    return this.categories.update(code, dto);
  }
}
