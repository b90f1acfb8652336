import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ThemeEntity } from './theme.entity.js';

@Entity('category')
export class CategoryEntity {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Index('category_theme_idx')
  @Column({ name: 'theme_key', type: 'text' })
  themeKey!: string;

  @ManyToOne(() => ThemeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'theme_key', foreignKeyConstraintName: 'category_theme_fk' })
  theme?: ThemeEntity;

  @Column({ type: 'text' })
  label!: string;

  /** M57 functional code, for open-data interoperability (e.g. 90-72 for waste). */
  @Column({ name: 'm57_code', type: 'text', nullable: true })
  m57Code!: string | null;

  @Column({ type: 'int' })
  position!: number;
}
