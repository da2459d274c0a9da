import { describe, expect, it } from 'vitest';
import { CLASS_COLORS, CLASS_SYMBOLS, classStyle, pointsByClass } from './class-styles';
import { classNamesFor } from './class-names';

describe('embedding class styles', () => {
  it('gives the ten classes of CIFAR-10 and the synthetic set ten different colours and never one pair twice below 70', () => {
    const pairs = new Set(Array.from({ length: 70 }, (_, k) => JSON.stringify(classStyle(k))));
    expect(pairs.size).toBe(CLASS_COLORS.length * CLASS_SYMBOLS.length);
    expect(new Set(Array.from({ length: 10 }, (_, k) => classStyle(k).color)).size).toBe(10);
  });

  it('groups points by class in class order, keeping each point', () => {
    const groups = pointsByClass(
      [
        [0, 1],
        [2, 3],
        [4, 5],
      ],
      [2, 0, 2],
    );
    expect(groups).toEqual([
      { label: 0, points: [{ x: 2, y: 3 }] },
      {
        label: 2,
        points: [
          { x: 0, y: 1 },
          { x: 4, y: 5 },
        ],
      },
    ]);
  });

  it('names the classes of every dataset: the cached copy’s names first, else the built-in ones', () => {
    expect(classNamesFor('synthetic')).toHaveLength(10);
    expect(classNamesFor('cifar10')[0]).toBe('airplane');
    expect(classNamesFor('cifar100')).toHaveLength(100);
    expect(classNamesFor('cifar10', ['rock', 'paper'])).toEqual(['rock', 'paper']);
    expect(classNamesFor('cifar10', [])[0]).toBe('airplane');
    expect(classNamesFor('imagenet')).toEqual([]);
  });
});
