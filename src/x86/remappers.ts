/**
 * Every IOMMU vendor whose interrupt remapping the machine can build, by name: a new vendor's
 * domain (implementing InterruptRemapper) is one more line here.
 */
import { IntelRemappingDomain } from './intel-remapping-domain.js';
import type { InterruptRemapper, RemapperOptions } from './interrupt-remapper.js';

export const INTERRUPT_REMAPPERS = {
  intel: (o: RemapperOptions): InterruptRemapper => new IntelRemappingDomain(o),
} as const satisfies Record<string, (o: RemapperOptions) => InterruptRemapper>;

export type RemapperVendor = keyof typeof INTERRUPT_REMAPPERS;
